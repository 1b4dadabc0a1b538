// `npm run bench:stream [-- --lines 20000] [-- --big]`: streaming throughput per baud and flow mode, and the 200 MB RSS check.
/*
 * Runs a 20,000-line curved wall of 0.2 mm segments at 60 mm/s (the print needs 300 lines/s) against the
 * simulated Marlin (3 ms reply latency) at 115200 and 250000 baud, one line in flight and buffered, and prints
 * per run: lines/s, the fraction of the link-limited rate (framed bytes / (baud/10)), the fraction of the rate
 * the print needs, planner underruns, host CPU ms per 1,000 lines (engine AND simulator: same process) and
 * peak RSS. `--big` streams a 200 MB file (mostly comments, 20,000 moves) and reports the peak RSS.
 * When printcore is unpacked (bench/versus-printcore.ts), it then runs printcore and printgate side by side
 * (`--versus-only` skips the runs above; `--versus-mode buffered` adds a row for printgate in that opt-in flow mode).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSystemClock } from '../src/core/clock.js'
import { silentLogger } from '../src/core/logger.js'
import { createPrinterService } from '../src/printer/printer-service.js'
import type { FlowMode } from '../src/printer/types.js'
import { loadFirmwareProfiles } from '../src/profiles/load.js'
import { createBindingResolver } from '../src/serial/resolve-binding.js'
import { createSimBinding } from '../src/sim/sim-binding.js'
import { runMemoryCheck } from './memory.js'
import { printcoreAvailable, printVersusPrintcore } from './versus-printcore.js'
import { curvedWall, SEGMENT_MM, SPEED_MM_S } from './wall.js'

interface RunResult {
  baud: number
  mode: FlowMode
  lines: number
  seconds: number
  linesPerSecond: number
  linkFraction: number
  demandFraction: number
  underruns: number
  underrunMs: number
  cpuMsPer1000: number
  peakRssMb: number
  resends: number
  /** Longest event-loop stall in the process during the run (GC, other load on the machine). */
  maxLoopLagMs: number
}

async function run(file: string, lines: number, baud: number, mode: FlowMode, simQuery: string, ptyPath?: string): Promise<RunResult> {
  const binding = createSimBinding()
  const path = ptyPath ?? `sim://marlin?${simQuery}`
  const printer = createPrinterService({
    clock: createSystemClock(),
    resolveBinding: createBindingResolver({ sim: binding }),
    profiles: loadFirmwareProfiles(),
    logger: silentLogger,
    options: { defaultPort: path, defaultBaud: baud, profile: 'marlin', flowMode: mode, consoleRing: 100 },
  })
  const lag = monitorEventLoopDelay({ resolution: 5 })
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
  try {
    await printer.connect()
    const sim = binding.printer(path)
    const bytesBefore = printer.status().link.bytesSent
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    lag.enable()
    const { done } = await printer.startPrint({ jobId: `${baud}-${mode}`, path: file })
    sim?.resetStats()
    const result = await done
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    lag.disable()
    if (result.outcome !== 'completed') throw new Error(`run ${baud}/${mode} ended ${result.outcome}: ${result.reason}`)
    const framedBytes = printer.status().link.bytesSent - bytesBefore
    const linkSeconds = framedBytes / (baud / 10)
    const stats = sim?.stats()
    return {
      baud,
      mode,
      lines,
      seconds,
      linesPerSecond: lines / seconds,
      linkFraction: linkSeconds / seconds,
      demandFraction: lines / seconds / (SPEED_MM_S / SEGMENT_MM),
      underruns: stats?.underruns ?? -1,
      underrunMs: stats?.underrunMs ?? -1,
      cpuMsPer1000: ((cpu.user + cpu.system) / 1000 / lines) * 1000,
      peakRssMb: peakRss / 1e6,
      resends: printer.status().link.resends,
      maxLoopLagMs: lag.max / 1e6,
    }
  } finally {
    clearInterval(sampler)
    await printer.disconnect()
    binding.dispose()
  }
}

/** The simulator in its own process on a pty (`npm run sim -- --pty …`), the engine on the native binding. */
async function runOverPty(dir: string, file: string, lines: number, baud: number, mode: FlowMode): Promise<RunResult> {
  const ptyPath = join(dir, `printer-${baud}-${mode}`)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/sim/cli.ts', '--pty', ptyPath, '--baud', String(baud), '--latencyMs', '3', '--transcript', '0'],
    {
      stdio: 'ignore',
    },
  )
  try {
    for (let waited = 0; !existsSync(ptyPath); waited += 50) {
      if (waited > 15_000 || child.exitCode !== null) throw new Error('the simulator did not start')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return await run(file, lines, baud, mode, '', ptyPath)
  } finally {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? '1') : undefined
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'printgate-bench-'))
  try {
    if (arg('big') !== undefined) {
      if (!(await runMemoryCheck())) process.exitCode = 1
      return
    }
    const pty = arg('pty') !== undefined
    const lines = Number(arg('lines') ?? 20_000)
    const file = join(dir, 'wall.gcode')
    writeFileSync(file, curvedWall(lines))
    if (pty)
      console.log(
        'over a real pty (socat) with the native binding; the simulator runs in its own process, so CPU is the engine only; underruns are not visible from here (-1)',
      )
    console.log(`${lines} lines of ${SEGMENT_MM} mm at ${SPEED_MM_S} mm/s (the print needs ${SPEED_MM_S / SEGMENT_MM} lines/s), reply latency 3 ms`)
    console.log('baud   mode       lines/s  link%  print%  underruns (ms)   cpu ms/1k  peak RSS MB  resends  max loop lag ms')
    const bauds = arg('baud') ? [Number(arg('baud'))] : [115200, 250000]
    const modes = arg('mode') ? [arg('mode') as FlowMode] : (['ping-pong', 'buffered'] as const)
    for (const baud of arg('versus-only') !== undefined ? [] : bauds) {
      for (const mode of modes) {
        const r = pty ? await runOverPty(dir, file, lines, baud, mode) : await run(file, lines, baud, mode, `baud=${baud}&latencyMs=3&transcript=0`)
        console.log(
          `${String(baud).padEnd(6)} ${mode.padEnd(10)} ${r.linesPerSecond.toFixed(0).padStart(7)} ${(r.linkFraction * 100).toFixed(0).padStart(5)}% ${(r.demandFraction * 100).toFixed(0).padStart(5)}%  ${String(r.underruns).padStart(6)} (${r.underrunMs.toFixed(0).padStart(6)})  ${r.cpuMsPer1000.toFixed(0).padStart(9)}  ${r.peakRssMb.toFixed(0).padStart(11)}  ${String(r.resends).padStart(7)}  ${r.maxLoopLagMs.toFixed(0).padStart(15)}`,
        )
      }
    }
    if (printcoreAvailable() && arg('no-printcore') === undefined) {
      const versusFile = join(dir, 'versus.gcode')
      writeFileSync(versusFile, curvedWall(5025)) // 5,000 moves
      await printVersusPrintcore(dir, versusFile, 250000, arg('versus-mode') as FlowMode | undefined)
    } else console.log('\nprintcore not found (see bench/versus-printcore.ts): no side-by-side run')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
