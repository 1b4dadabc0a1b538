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

describe('streaming over a real pseudo-terminal', () => {
  it.each(['ping-pong', 'buffered'] as const)('runs a 1,000-line file exactly once in order (%s)', async (flowMode) => {
    const printer = createPrinterService({
      clock: createSystemClock(),
      resolveBinding: createBindingResolver(),
      profiles: loadFirmwareProfiles(),
      logger: silentLogger,
      options: { defaultPort: join(dir, 'printer'), defaultBaud: 250000, flowMode, sender: { okTimeoutMs: 1000 } },
    })
    // Noise only for one line in flight: a line error drains Marlin's receive buffer, and on a pty that can cut a
    // pipelined line whose tail Marlin then runs unnumbered (see the buffered-mode notes in the README).
    server!.printer.setCorruptRate(flowMode === 'ping-pong' ? 0.002 : 0)
    try {
      await printer.connect()
      expect(printer.status().firmware?.profile).toBe('marlin')
      const { text, commands } = movesFile(1000)
      const file = join(dir, `job-${flowMode}.gcode`)
      writeFileSync(file, text)
      const before = server!.printer.transcript.length
      const { done } = await printer.startPrint({ jobId: flowMode, path: file })
      const result = await done
      expect(result.outcome).toBe('completed')
      const executed = server!.printer.transcript.slice(before).map((t) => t.command)
      const jobMove = (c: string) => c.startsWith('G1 ')
      expect(executed.filter(jobMove)).toEqual(commands.filter(jobMove))
    } finally {
      await printer.disconnect()
    }
  }, 30_000)
})
