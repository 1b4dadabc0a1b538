// printgate and printcore (Printrun's host, one line in flight) on the same simulated Marlin over a pty, in one run.
/*
 * Both hosts stream the same 5,000-move curved wall (0.2 mm segments) to the simulator served on a pseudo-terminal
 * at the given baud with 3 ms reply latency. The line rate is measured at the firmware: moves executed between the
 * first and the last job move, so neither host's connect or exit time counts. The simulator runs in this process
 * (so printgate's engine shares its CPU; printcore runs in its own); every job move must arrive once, in order.
 * printcore comes from Debian's printcore/printrun-common/python3-serial packages unpacked (not installed) into
 * PRINTCORE_ROOT (default /work/.cache/printcore/root): `apt-get download` them and `dpkg-deb -x` each there.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createSystemClock } from '../src/core/clock.js'
import { silentLogger } from '../src/core/logger.js'
import { createPrinterService } from '../src/printer/printer-service.js'
import type { FlowMode } from '../src/printer/types.js'
import { loadFirmwareProfiles } from '../src/profiles/load.js'
import { createBindingResolver } from '../src/serial/resolve-binding.js'
import { parseSimOptions } from '../src/sim/options.js'
import { startPtyServer, type PtyServer } from '../src/sim/pty-server.js'

export interface HostRun {
  host: string
  moves: number
  seconds: number
  movesPerSecond: number
  inOrder: boolean
}

const PRINTCORE_ROOT = process.env.PRINTCORE_ROOT ?? '/work/.cache/printcore/root'
const printcoreScript = join(PRINTCORE_ROOT, 'usr/bin/printcore')
export const printcoreAvailable = (): boolean => existsSync(printcoreScript)

/** Times the job moves the firmware executes while `stream()` runs, and checks they match `expected` in order. */
async function timeMoves(server: PtyServer, expected: string[], host: string, stream: () => Promise<void>): Promise<HostRun> {
  const executed: { command: string; at: number }[] = []
  const off = server.printer.events.on('executed', (e) => {
    if (e.command.startsWith('G1 X')) executed.push({ command: e.command, at: e.at })
  })
  try {
    await stream()
  } finally {
    off()
  }
  const first = executed[0]?.at ?? 0
  const last = executed.at(-1)?.at ?? 0
  const seconds = (last - first) / 1000
  const inOrder = executed.length === expected.length && executed.every((e, i) => e.command === expected[i])
  return { host, moves: executed.length, seconds, movesPerSecond: (executed.length - 1) / seconds, inOrder }
}

async function withPty<T>(dir: string, name: string, baud: number, body: (server: PtyServer, path: string) => Promise<T>): Promise<T> {
  const ptyPath = join(dir, name)
  const server = await startPtyServer({ ptyPath, sim: parseSimOptions({ baud, latencyMs: 3, transcript: 0 }), replugMs: 0 })
  try {
    return await body(server, ptyPath)
  } finally {
    await server.close()
  }
}

export async function runPrintgate(dir: string, file: string, moves: string[], baud: number, flowMode?: FlowMode): Promise<HostRun> {
  return withPty(dir, `pg-${baud}-${flowMode ?? 'default'}`, baud, async (server, path) => {
    const printer = createPrinterService({
      clock: createSystemClock(),
      resolveBinding: createBindingResolver(),
      profiles: loadFirmwareProfiles(),
      logger: silentLogger,
      options: { defaultPort: path, defaultBaud: baud, profile: 'marlin', consoleRing: 100, ...(flowMode ? { flowMode } : {}) },
    })
    try {
      await printer.connect()
      const mode = printer.status().flowMode
      return await timeMoves(server, moves, `printgate (${mode})`, async () => {
        const { done } = await printer.startPrint({ jobId: 'versus', path: file })
        const result = await done
        if (result.outcome !== 'completed') throw new Error(`printgate ended ${result.outcome}: ${result.reason}`)
      })
    } finally {
      await printer.disconnect()
    }
  })
}

/** printcore, printgate's default and printgate buffered (opt-in, not safe on a noisy link), side by side. */
export async function printVersusPrintcore(dir: string, file: string, moves: string[], baud: number): Promise<void> {
  console.log(`\nprintcore vs printgate, same simulated Marlin on a pty at ${baud} baud, 3 ms latency, ${moves.length} moves, measured at the firmware in one run`)
  const core = await runPrintcore(dir, file, moves, baud)
  const runs = [core, await runPrintgate(dir, file, moves, baud), await runPrintgate(dir, file, moves, baud, 'buffered')]
  console.log('host                     moves/s  × printcore  every move once, in order')
  for (const r of runs) console.log(`${r.host.padEnd(24)} ${r.movesPerSecond.toFixed(0).padStart(7)}  ${(r.movesPerSecond / core.movesPerSecond).toFixed(2).padStart(11)}  ${r.inOrder ? 'yes' : `NO (${r.moves} moves)`}`)
}

export async function runPrintcore(dir: string, file: string, moves: string[], baud: number): Promise<HostRun> {
  return withPty(dir, `pc-${baud}`, baud, (server, path) =>
    timeMoves(server, moves, 'printcore', async () => {
      const child = spawn('python3', [printcoreScript, '-b', String(baud), path, file], {
        env: { ...process.env, PYTHONPATH: join(PRINTCORE_ROOT, 'usr/lib/python3/dist-packages') },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
      const [code] = (await once(child, 'exit')) as [number | null]
      if (code !== 0) throw new Error(`printcore exited ${code}: ${stderr}`)
    })
  )
}
