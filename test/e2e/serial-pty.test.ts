// End-to-end: the simulator served on a real pseudo-terminal (socat) and a file streamed through the NATIVE binding.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import { createPrinterService } from '../../src/printer/printer-service.js'
import { loadFirmwareProfiles } from '../../src/profiles/load.js'
import { createBindingResolver } from '../../src/serial/resolve-binding.js'
import { parseSimOptions } from '../../src/sim/options.js'
import { startPtyServer, type PtyServer } from '../../src/sim/pty-server.js'
import { movesFile } from '../scenarios/engine-on-sim.js'

let dir = ''
let server: PtyServer | null = null

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'printgate-pty-'))
  server = await startPtyServer({
    ptyPath: join(dir, 'printer'),
    sim: parseSimOptions({ baud: '250000', latencyMs: '1', timeScale: '0.02', corrupt: '0.002', seed: '5' }),
    replugMs: 0,
  })
}, 15_000)

afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function streamOnPty(flowMode: 'buffered' | undefined, noise: { corrupt: number; dropByte: number }) {
  const printer = createPrinterService({
    clock: createSystemClock(),
    resolveBinding: createBindingResolver(),
    profiles: loadFirmwareProfiles(),
    logger: silentLogger,
    options: { defaultPort: join(dir, 'printer'), defaultBaud: 250000, ...(flowMode ? { flowMode } : {}), sender: { okTimeoutMs: 1000 } },
  })
  server!.printer.setCorruptRate(noise.corrupt)
  server!.printer.setDropByteRate(noise.dropByte)
  try {
    await printer.connect()
    expect(printer.status().firmware?.profile).toBe('marlin')
    const mode = printer.status().flowMode
    const { text, commands } = movesFile(1000)
    const file = join(dir, `job-${mode}.gcode`)
    writeFileSync(file, text)
    const before = server!.printer.transcript.length
    const errorsBefore = server!.printer.stats().lineErrors
    const { done } = await printer.startPrint({ jobId: mode, path: file })
    const result = await done
    expect(result.outcome).toBe('completed')
    const executed = server!.printer.transcript.slice(before)
    // Nothing ran but numbered lines (no tail of a cut line), and every job move once, in order.
    expect(executed.filter((e) => e.lineNumber === null || e.fragment)).toEqual([])
    const jobMove = (c: string) => c.startsWith('G1 ')
    expect(executed.map((t) => t.command).filter(jobMove)).toEqual(commands.filter(jobMove))
    return { mode, lineErrors: server!.printer.stats().lineErrors - errorsBefore }
  } finally {
    await printer.disconnect()
  }
}

describe('streaming over a real pseudo-terminal', () => {
  it('runs a 1,000-line file exactly once in order on the default flow mode, with 1 % corrupted and 0.2 % lost bytes', async () => {
    const run = await streamOnPty(undefined, { corrupt: 0.01, dropByte: 0.002 })
    expect(run.mode).toBe('ping-pong')
    expect(run.lineErrors).toBeGreaterThan(100)
  }, 60_000)

  // Buffered (opt-in) keeps several lines in flight: a line error's receive-buffer drain can cut one, and its tail
  // can run as a command (test/scenarios/link-safety.test.ts shows it). Here only its clean path over a real pty.
  it('runs the same file in order in buffered mode on a clean link', async () => {
    const run = await streamOnPty('buffered', { corrupt: 0, dropByte: 0 })
    expect(run.mode).toBe('buffered')
  }, 30_000)
})
