// printgate and printcore (Printrun's host, one line in flight) on the same printer over a pty, in one run.
/*
 * Every host streams the same 5,000-move curved wall (0.2 mm segments) to a printer on a pseudo-terminal at the given
 * baud. The printer runs in its OWN process for every host (a real printer is separate hardware): our simulated
 * Marlin (`src/sim/cli.ts --executedLog`, 3 ms reply latency), or an external one given by
 * PRINTGATE_BENCH_EXTERNAL_PRINTER, a shell command with `{pty}`, `{log}` and `{baud}` in it: it must create the pty
 * at {pty} and append `<ms>\t<command>` to {log} for every command it executes (OctoPrint's virtual printer runs this
 * way behind a small shim kept outside the repository: docs/notes/issue-12.md, section 8, "How to run it").
 * The rate is measured at the printer, in moves of the ORIGINAL file per second: from the first job move executed to
 * the last one (an arc counts the moves it replaced; the last executed line's moves are not counted, as its motion
 * is not timed), so neither host's connect or exit time counts. Every job move must arrive once, in order.
 * printcore comes from Debian's printcore/printrun-common/python3-serial packages unpacked (not installed) into
 * PRINTCORE_ROOT (default /work/.cache/printcore/root): `apt-get download` them and `dpkg-deb -x` each there.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { createSystemClock } from '../src/core/clock.js'
import { silentLogger } from '../src/core/logger.js'
import { createLineSource, type JobLine } from '../src/printer/line-source.js'
import { createPrinterService } from '../src/printer/printer-service.js'
import type { FlowMode } from '../src/printer/types.js'
import type { ArcFitOptions } from '../src/protocol/arc-fit.js'
import { loadFirmwareProfiles } from '../src/profiles/load.js'
import { createBindingResolver } from '../src/serial/resolve-binding.js'

export interface HostRun {
  host: string
  /** Job moves (lines) executed at the printer, and the original file moves they stand for. */
  lines: number
  moves: number
  seconds: number
  movesPerSecond: number
  inOrder: boolean
  /** The 1-minute load average when the host finished (the machine is shared: figures move with it). */
  load: number
}

/** A job line the printer should execute, and how many of the file's moves it stands for. */
interface Expected {
  command: string
  moves: number
}

const PRINTCORE_ROOT = process.env.PRINTCORE_ROOT ?? '/work/.cache/printcore/root'
const printcoreScript = join(PRINTCORE_ROOT, 'usr/bin/printcore')
export const printcoreAvailable = (): boolean => existsSync(printcoreScript)
const EXTERNAL = process.env.PRINTGATE_BENCH_EXTERNAL_PRINTER
const ARC_FIT: ArcFitOptions = { toleranceMm: 0.02 }
const isJobMove = (command: string) => command.startsWith('G1 X') || command.startsWith('G2 ') || command.startsWith('G3 ')

/** The job lines a host sends for `file`, through printgate's own line source (with arc fitting when asked). */
async function jobLines(file: string, arcFit?: ArcFitOptions): Promise<JobLine[]> {
  const source = createLineSource(file, arcFit ? { arcFit } : {})
  const lines: JobLine[] = []
  for (;;) {
    const line = source.next()
    if (line) lines.push(line)
    else if (source.isExhausted()) return lines
    else await new Promise<void>((resolve) => source.onAvailable(resolve))
  }
}

const expectedMoves = (lines: JobLine[]): Expected[] =>
  lines.filter((l) => isJobMove(l.command)).map((l) => ({ command: l.command, moves: l.fileCommands ?? 1 }))

export interface Printer {
  path: string
  executed(): { at: number; command: string }[]
  stop(): Promise<void>
}

/** Starts the printer (the simulated Marlin, or PRINTGATE_BENCH_EXTERNAL_PRINTER) in its own process on a pty in `dir`. */
export async function startPrinter(dir: string, name: string, baud: number): Promise<Printer> {
  const path = join(dir, name)
  const log = join(dir, `${name}.log`)
  writeFileSync(log, '')
  const child: ChildProcess = EXTERNAL
    ? spawn('sh', ['-c', EXTERNAL.replaceAll('{pty}', path).replaceAll('{log}', log).replaceAll('{baud}', String(baud))], { stdio: 'ignore', detached: true })
    : spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/sim/cli.ts',
          '--pty',
          path,
          '--baud',
          String(baud),
          '--latencyMs',
          '3',
          '--transcript',
          '0',
          '--replugMs',
          '0',
          '--executedLog',
          log,
        ],
        {
          stdio: 'ignore',
        },
      )
  for (let waited = 0; !existsSync(path); waited += 50) {
    if (waited > 20_000 || child.exitCode !== null) throw new Error(`the printer did not start (${EXTERNAL ?? 'simulator'})`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    path,
    executed: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.includes('\t'))
        .map((l) => ({ at: Number(l.slice(0, l.indexOf('\t'))), command: l.slice(l.indexOf('\t') + 1).trim() })),
    async stop() {
      const exited = once(child, 'exit')
      if (EXTERNAL && child.pid) process.kill(-child.pid, 'SIGTERM')
      else child.kill('SIGTERM')
      await exited
    },
  }
}

/** Streams with `stream` to a fresh printer, then times the job moves it executed and checks them against `expected`. */
async function timeHost(dir: string, host: string, baud: number, expected: Expected[], stream: (path: string) => Promise<void>): Promise<HostRun> {
  const printer = await startPrinter(dir, host.replace(/\W+/g, '-'), baud)
  try {
    await stream(printer.path)
    // The host is done when the last ok came; the printer may still hold the last moves in its queue.
    const jobMoves = () => printer.executed().filter((e) => isJobMove(e.command)).length
    for (let seen = -1, still = 0; still < 20 && jobMoves() < expected.length; still = jobMoves() === seen ? still + 1 : 0) {
      seen = jobMoves()
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  } finally {
    await printer.stop()
  }
  const executed = printer.executed().filter((e) => isJobMove(e.command))
  const inOrder = executed.length === expected.length && executed.every((e, i) => e.command === expected[i]?.command)
  const first = executed[0]?.at ?? 0
  const last = executed.at(-1)?.at ?? 0
  const seconds = (last - first) / 1000
  // The last line's moves are not timed (its motion runs after its start); a plain move stream counts n-1 moves.
  const moves = expected.reduce((n, e) => n + e.moves, 0)
  const timedMoves = moves - (expected.at(-1)?.moves ?? 0)
  return { host, lines: executed.length, moves, seconds, movesPerSecond: timedMoves / seconds, inOrder, load: loadavg()[0] as number }
}

async function runPrintgate(dir: string, file: string, baud: number, expected: Expected[], arcFitting?: ArcFitOptions, flowMode?: FlowMode): Promise<HostRun> {
  const label = flowMode ? 'printgate opt-in' : arcFitting ? 'printgate default + arcs' : 'printgate default'
  let mode = ''
  const run = await timeHost(dir, label, baud, expected, async (path) => {
    const printer = createPrinterService({
      clock: createSystemClock(),
      resolveBinding: createBindingResolver(),
      profiles: loadFirmwareProfiles(),
      logger: silentLogger,
      options: {
        defaultPort: path,
        defaultBaud: baud,
        // The profile is chosen from M115's FIRMWARE_NAME, as the service does (OctoPrint's virtual printer has its own).
        consoleRing: 100,
        ...(arcFitting ? { arcFitting } : {}),
        ...(flowMode ? { flowMode } : {}),
      },
    })
    try {
      await printer.connect()
      mode = `${printer.status().firmware?.profile ?? '?'}: ${printer.status().flowMode}`
      if (arcFitting && printer.status().firmware?.capabilities.ARCS !== true) mode += ', no Cap:ARCS'
      const { done } = await printer.startPrint({ jobId: 'versus', path: file })
      const result = await done
      if (result.outcome !== 'completed') throw new Error(`printgate ended ${result.outcome}: ${result.reason}`)
    } finally {
      await printer.disconnect()
    }
  })
  return { ...run, host: `${label} (${mode})` }
}

async function runPrintcore(dir: string, file: string, baud: number, expected: Expected[], label = 'printcore'): Promise<HostRun> {
  return timeHost(dir, label, baud, expected, async (path) => {
    const child = spawn('python3', [printcoreScript, '-b', String(baud), path, file], {
      env: { ...process.env, PYTHONPATH: join(PRINTCORE_ROOT, 'usr/lib/python3/dist-packages') },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
    const [code] = (await once(child, 'exit')) as [number | null]
    if (code !== 0) throw new Error(`printcore exited ${code}: ${stderr}`)
  })
}

/**
 * printcore, printgate's default (ping-pong on Marlin), printgate's default with arc fitting (opt-in, Cap:ARCS), and
 * printcore given the same arc-fitted lines (so the table shows what the fitting gives and what the host gives).
 * `alsoMode` adds a row for printgate in that flow mode (e.g. `buffered`: opt-in, not safe on a noisy Marlin link).
 */
export async function printVersusPrintcore(dir: string, file: string, baud: number, alsoMode?: FlowMode): Promise<void> {
  const plain = expectedMoves(await jobLines(file))
  const fittedLines = await jobLines(file, ARC_FIT)
  const fitted = expectedMoves(fittedLines)
  const fittedFile = join(dir, 'versus-arcs.gcode')
  writeFileSync(fittedFile, fittedLines.map((l) => l.command).join('\n') + '\n')
  const where = EXTERNAL ? `external printer (${EXTERNAL})` : 'simulated Marlin (own process), 3 ms latency'
  console.log(
    `\nprintcore vs printgate on the same ${where}, pty at ${baud} baud, ${plain.length} moves (${fitted.length} lines with arcs, tolerance ${ARC_FIT.toleranceMm} mm), measured at the printer in one run`,
  )
  const core = await runPrintcore(dir, file, baud, plain)
  const runs = [
    core,
    await runPrintgate(dir, file, baud, plain),
    await runPrintgate(dir, file, baud, fitted, ARC_FIT),
    await runPrintcore(dir, fittedFile, baud, fitted, 'printcore, arc-fitted file'),
    ...(alsoMode ? [await runPrintgate(dir, file, baud, plain, undefined, alsoMode)] : []),
  ]
  console.log(`load average at the start ${loadavg()[0]?.toFixed(1)}`)
  console.log('host                                                lines  file moves/s  × printcore  every line once, in order  load')
  for (const r of runs)
    console.log(
      `${r.host.padEnd(50)} ${String(r.lines).padStart(6)}  ${r.movesPerSecond.toFixed(0).padStart(12)}  ${(r.movesPerSecond / core.movesPerSecond).toFixed(2).padStart(11)}  ${(r.inOrder ? 'yes' : `NO (${r.lines} lines)`).padEnd(25)}  ${r.load.toFixed(1)}`,
    )
}
