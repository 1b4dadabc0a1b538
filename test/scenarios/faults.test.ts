// Scenarios: pulled cable, firmware reset, thermal runaway and emergency stop in the middle of a print.

import { afterEach, describe, expect, it } from 'vitest'
import { until } from '../support/wait-for.js'
import { createEngineOnSim, movesFile, nextEvent, roundTrips, type EngineOnSim } from './engine-on-sim.js'

let engine: EngineOnSim | null = null
afterEach(async () => {
  await engine?.close()
  engine = null
})

const isMove = (command: string) => /^G[0-3]\b/.test(command)

async function startMoves(query: string, lines = 400) {
  engine = createEngineOnSim(query, { sender: { okTimeoutMs: 500 } })
  await engine.printer.connect()
  const file = engine.writeFile('job.gcode', movesFile(lines).text)
  return engine.printer.startPrint({ jobId: 'job', path: file })
}

describe('faults in the middle of a print', () => {
  it('a pulled cable interrupts the job with its last position; reconnecting moves nothing', async () => {
    const { done } = await startMoves('latencyMs=1&timeScale=0.05&disconnectAtLine=200')
    const result = await done
    const e = engine as EngineOnSim
    expect(result.outcome).toBe('interrupted')
    expect(result.code).toBe('PRINTER_DISCONNECTED')
    expect(result.lastConfirmedLine).toBeGreaterThan(150)
    expect(result.lastConfirmedLine).toBeLessThan(210)
    expect(result.byteOffset).toBeGreaterThan(0)
    expect(result.z).toBeCloseTo(0.2)
    expect(result.temperatures).not.toBeNull()
    expect(e.printer.status().state).toBe('disconnected')
    expect(e.printer.status().reason).toMatch(/lost/i)
    const before = e.sim()
    await e.printer.connect()
    expect(e.printer.status().state).toBe('operational')
    const after = e.sim()
    expect(after).not.toBe(before)
    await roundTrips(e.printer)
    expect(after.transcript.filter((t) => isMove(t.command))).toEqual([])
  }, 15_000)

  it('reconnects by itself when the unplugged device comes back, without moving', async () => {
    engine = createEngineOnSim('latencyMs=1&timeScale=0.2', { reconnect: true, reconnectPollMs: 50 })
    const e = engine
    await e.printer.connect()
    const { done } = await e.printer.startPrint({ jobId: 'job', path: e.writeFile('job.gcode', movesFile(2000).text) })
    await nextEvent(e.printer, 'printer:progress', (p) => p.linesConfirmed > 50)
    e.binding.unplug(e.path)
    const result = await done
    expect(result).toMatchObject({ outcome: 'interrupted', code: 'PRINTER_DISCONNECTED' })
    expect(e.printer.status().state).toBe('disconnected')
    const back = nextEvent(e.printer, 'printer:state_changed', (s) => s.next === 'operational')
    // The reconnect watch asks the binding whether the device is listed; count its polls while unplugged.
    let polls = 0
    const list = e.binding.list.bind(e.binding)
    e.binding.list = () => {
      polls++
      return list()
    }
    await until(() => polls >= 3, 5_000, 'three polls of the unplugged device')
    expect(e.printer.status().state).toBe('disconnected') // still unplugged: polling, not connecting
    e.binding.plug(e.path)
    await back
    await roundTrips(e.printer)
    expect(e.sim().transcript.filter((t) => isMove(t.command))).toEqual([])
  }, 15_000)

  it('a firmware reset (`start`) interrupts the job and the link handshakes again', async () => {
    const { done } = await startMoves('latencyMs=1&timeScale=0.05&resetAtLine=120&resetOnOpen=1')
    const operationalAgain = nextEvent(engine!.printer, 'printer:state_changed', (s) => s.prev === 'handshake' && s.next === 'operational')
    const result = await done
    expect(result.outcome).toBe('interrupted')
    expect(result.code).toBe('PRINTER_RESET')
    await operationalAgain
    expect(engine!.printer.status().state).toBe('operational')
  }, 15_000)

  it('thermal runaway fails the job and leaves the link in error', async () => {
    const { done } = await startMoves('latencyMs=1&timeScale=0.05&thermalRunawayAtLine=100')
    const result = await done
    expect(result.outcome).toBe('failed')
    expect(result.code).toBe('FIRMWARE_FATAL')
    expect(result.reason).toMatch(/Thermal Runaway|kill/i)
    expect(engine!.printer.status().state).toBe('error')
    await expect(engine!.printer.sendCommand('M105')).rejects.toMatchObject({ code: expect.any(String) })
  }, 15_000)

  it('an emergency stop writes M112 at once and leaves the printer in error until reconnect', async () => {
    const { done } = await startMoves('latencyMs=1&timeScale=0.2', 2000)
    await nextEvent(engine!.printer, 'printer:progress', (p) => p.linesConfirmed > 50)
    await engine!.printer.emergencyStop()
    const result = await done
    expect(result.outcome).toBe('cancelled')
    expect(result.code).toBe('EMERGENCY_STOPPED')
    expect(engine!.printer.status().state).toBe('error')
    await until(() => engine!.sim().halted, 5_000, 'the simulator to halt on M112')
    await engine!.printer.connect()
    expect(engine!.printer.status().state).toBe('operational')
  }, 15_000)
})
