// Scenario: the printer engine behind its proxy, in its own process and in-process, prints on the simulator; controls, errors and its death cross over.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isGatewayError } from '../../src/core/errors.js'
import { createLogger } from '../../src/core/logger.js'
import type { EngineProxy } from '../../src/engine/printer-proxy.js'
import { startEngine } from '../../src/engine/start-engine.js'
import { parseSimOptions } from '../../src/sim/options.js'
import { startPtyServer } from '../../src/sim/pty-server.js'
import { until } from '../support/wait-for.js'
import { executedJobCommands, movesFile, nextEvent, roundTrips } from './engine-on-sim.js'

const SIM = 'sim://marlin?latencyMs=1&timeScale=0.05&heatRate=500&bedHeatRate=500&homeMs=0'
const JOB_MOVE = '^G1 X.* F12000$'

describe.each(['process', 'in-process'] as const)('printer engine, mode %s', (mode) => {
  let printer: EngineProxy
  let dir: string
  const logLines: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-worker-engine-'))
    printer = await startEngine({
      mode,
      logger: createLogger({ write: (line) => logLines.push(line) }),
      options: { defaultPort: SIM, defaultBaud: 115200, profile: 'marlin', sender: { okTimeoutMs: 500 }, progressIntervalMs: 20 },
    })
  })
  afterAll(async () => {
    await printer.shutdown()
    rmSync(dir, { recursive: true, force: true })
  })

  const file = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }
  const asEngine = () => printer as unknown as Parameters<typeof nextEvent>[0]

  it('refuses a print before connecting with the engine error code intact', async () => {
    const error = await printer.startPrint({ jobId: 'early', path: file('early.gcode', 'G28\n') }).catch((e: unknown) => e)
    expect(isGatewayError(error, 'PRINTER_NOT_CONNECTED')).toBe(true)
  })

  it('connects: status is mirrored and the engine logs reach the main logger', async () => {
    const states: string[] = []
    const off = printer.events.on('printer:state_changed', (e) => states.push(e.next))
    await printer.connect()
    off()
    expect(printer.status().state).toBe('operational')
    expect(printer.status().firmware?.profile).toBe('marlin')
    expect(states).toEqual(['connecting', 'handshake', 'operational'])
    expect(logLines.some((l) => l.includes('"msg":"printer connected"') && l.includes('"component":"printer"'))).toBe(true)
  })

  it('answers console commands and mirrors the console traffic in a bounded ring', async () => {
    const m114 = () => printer.recentConsole().filter((c) => c.line.includes('M114'))
    const before = m114().length
    const sentAt = performance.now()
    const reply = await printer.sendCommand('M114')
    expect(reply.some((l) => l.startsWith('X:'))).toBe(true)
    // The engine mirrors console traffic in batches: wait for this M114 to arrive in the ring.
    const entry = await until(() => m114().length > before && m114().at(-1), 5_000, 'the M114 in the console ring')
    // Console times are on this side's performance.now() scale, not the engine's own: between sending and now.
    expect(entry.at).toBeGreaterThanOrEqual(sentAt)
    expect(entry.at).toBeLessThanOrEqual(performance.now())
    const error = await printer.sendCommand('M104 S999').catch((e: unknown) => e)
    expect(isGatewayError(error, 'VALIDATION_FAILED')).toBe(true)
  })

  it('prints a file: every job move runs once, done resolves completed', async () => {
    const { text, commands } = movesFile(1500)
    // One line in flight (the safe default) at 115200 baud: about 7 ms a line here, more on a loaded machine.
    const ended = nextEvent(asEngine(), 'printer:job_ended', () => true, 50_000)
    const { done } = await printer.startPrint({ jobId: 'full', path: file('full.gcode', text) })
    expect(printer.status().state).toBe('printing')
    const result = await done
    expect(result).toMatchObject({ jobId: 'full', outcome: 'completed' })
    expect(result.lastConfirmedLine).toBe(text.trimEnd().split('\n').length)
    expect((await ended).outcome).toBe('completed')
    const sim = await printer.simStats(SIM, JOB_MOVE)
    expect(sim?.matching).toBe(commands.filter((c) => new RegExp(JOB_MOVE).test(c)).length)
    expect(sim?.transcriptLength).toBeGreaterThan(1500)
    expect(printer.status().state).toBe('operational')
  }, 60_000)

  it('pauses, resumes and cancels through the proxy; a second print is refused as busy', async () => {
    const { done } = await printer.startPrint({ jobId: 'ctl', path: file('ctl.gcode', movesFile(6000).text) })
    const busy = await printer.startPrint({ jobId: 'other', path: file('other.gcode', 'G28\n') }).catch((e: unknown) => e)
    expect(isGatewayError(busy, 'PRINTER_BUSY')).toBe(true)
    await nextEvent(asEngine(), 'printer:progress', (p) => p.linesConfirmed > 200)
    await printer.pause()
    expect(printer.status().state).toBe('paused')
    const atPause = (await printer.simStats(SIM))!.transcriptLength
    await roundTrips(asEngine())
    expect((await printer.simStats(SIM))!.transcriptLength).toBe(atPause + 3) // the three M105s, no job line
    await printer.resume()
    expect(printer.status().state).toBe('printing')
    await nextEvent(asEngine(), 'printer:progress', (p) => p.linesConfirmed > 400)
    await printer.cancel()
    const result = await done
    expect(result.outcome).toBe('cancelled')
    const sim = await printer.simStats(SIM)
    expect(sim?.tail.slice(-7)).toEqual(['M104 S0', 'M140 S0', 'M107', 'G91', 'G1 Z10 F600', 'G90', 'M84'])
    expect(printer.status().state).toBe('operational')
  }, 30_000)

  it('lists ports in the engine, with every firmware profile', async () => {
    const choices = await printer.listPorts()
    expect(Array.isArray(choices.ports)).toBe(true)
    expect(choices.profiles.map((p) => p.id)).toContain('marlin')
    expect(printer.enginePid() === null).toBe(mode === 'in-process')
  })

  it.runIf(mode === 'process')(
    'engine process killed mid-print: the job ends interrupted, state error, connect starts a new engine',
    async () => {
      const { text } = movesFile(6000)
      const { done } = await printer.startPrint({ jobId: 'killed', path: file('killed.gcode', text) })
      await nextEvent(asEngine(), 'printer:progress', (p) => p.linesConfirmed > 300)
      const states: string[] = []
      printer.events.on('printer:state_changed', (e) => states.push(`${e.next}: ${e.reason}`))
      process.kill(printer.enginePid()!, 'SIGKILL')
      const result = await done
      expect(result).toMatchObject({ jobId: 'killed', outcome: 'interrupted', code: 'PRINTER_DISCONNECTED' })
      expect(result.lastConfirmedLine).toBeGreaterThan(300)
      expect(result.lastConfirmedLine).toBeLessThan(text.split('\n').length)
      expect(states).toEqual(['error: The printer engine process stopped (signal SIGKILL)'])
      await expect(printer.sendCommand('M105')).rejects.toMatchObject({ code: 'PRINTER_NOT_CONNECTED' })
      await printer.connect()
      expect(printer.status().state).toBe('operational')
    },
    30_000,
  )
})

describe('printer engine process on a real pseudo-terminal (native serial binding)', () => {
  it('connects and prints a file exactly once, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-engine-pty-'))
    const ptyPath = join(dir, 'printer')
    const server = await startPtyServer({ ptyPath, sim: parseSimOptions({ baud: '250000', latencyMs: '1', timeScale: '0.02' }), replugMs: 0 })
    const printer = await startEngine({
      logger: createLogger({ write: () => {} }),
      options: { defaultPort: ptyPath, defaultBaud: 250000, sender: { okTimeoutMs: 1000 } },
    })
    try {
      await printer.connect()
      expect(printer.status().link.port).toBe(ptyPath)
      const { text, commands } = movesFile(1000)
      const path = join(dir, 'job.gcode')
      writeFileSync(path, text)
      const { done } = await printer.startPrint({ jobId: 'pty', path })
      expect((await done).outcome).toBe('completed')
      expect(executedJobCommands({ sim: () => server.printer } as unknown as Parameters<typeof executedJobCommands>[0])).toEqual(commands)
    } finally {
      await printer.shutdown()
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
