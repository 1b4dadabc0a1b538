// Scenario: cancel during a heater wait breaks it with M108 where the firmware has the emergency parser.
import { afterEach, describe, expect, it } from 'vitest'
import { TEMP_WINDOW } from '../../src/sim/thermal.js'
import { until } from '../support/wait-for.js'
import { createEngineOnSim, type EngineOnSim } from './engine-on-sim.js'

let engine: EngineOnSim | null = null
afterEach(async () => {
  await engine?.close()
  engine = null
})

const HEAT_UP = ['M140 S60', 'M109 S200', 'G1 X10 F3000', 'G1 X20'].join('\n') + '\n'

async function cancelDuringWait(query: string) {
  engine = createEngineOnSim(query, { sender: { okTimeoutMs: 500 } })
  const e = engine
  await e.printer.connect()
  const { done } = await e.printer.startPrint({ jobId: 'heat', path: e.writeFile('heat.gcode', HEAT_UP) })
  await until(() => e.sim().state().executing?.startsWith('M109'), 5_000, 'the M109 wait')
  expect(e.sim().state().executing).toBe('M109 S200')
  // The hotend's temperature when the cancel script turns it off tells whether the wait was broken or ran out.
  const sim = e.sim()
  let toolAtHeatersOff = null as number | null
  const off = sim.events.on('executed', (entry) => {
    if (entry.command === 'M104 S0' && toolAtHeatersOff === null) toolAtHeatersOff = sim.state().toolActual
  })
  await e.printer.cancel()
  expect((await done).outcome).toBe('cancelled')
  off()
  const sentM108 = e.printer.recentConsole().some((c) => c.direction === 'sent' && c.line === 'M108')
  return { toolAtHeatersOff, sentM108, executed: sim.transcript.map((t) => t.command) }
}

describe('cancel during a heater wait', () => {
  it('with Cap:EMERGENCY_PARSER sends M108 and the heaters are off before the hotend reaches the target', async () => {
    const run = await cancelDuringWait('latencyMs=1&heatRate=1')
    expect(run.sentM108).toBe(true)
    // The wait ended without reaching 200 °C (at 1 °C/s it would take minutes), and no job move ran after the cancel.
    expect(run.toolAtHeatersOff).not.toBeNull()
    expect(run.toolAtHeatersOff as number).toBeLessThan(200 - TEMP_WINDOW)
    expect(run.executed.filter((c) => c.startsWith('G1 X'))).toEqual([])
  }, 30_000)

  it('without the emergency parser sends no M108 (it would only queue behind the wait) and the wait runs out', async () => {
    const run = await cancelDuringWait('latencyMs=1&heatRate=100&residencyMs=0&emergencyParser=0')
    expect(run.sentM108).toBe(false)
    expect(run.toolAtHeatersOff as number).toBeGreaterThanOrEqual(200 - TEMP_WINDOW) // the cancel waited for the heat-up
  }, 30_000)
})
