// Scenario: cancel during a heater wait breaks it with M108 where the firmware has the emergency parser.
import { afterEach, describe, expect, it } from 'vitest'
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
  for (let i = 0; i < 500 && !e.sim().state().executing?.startsWith('M109'); i++) await new Promise((r) => setTimeout(r, 10))
  expect(e.sim().state().executing).toBe('M109 S200')
  const cancelledAt = performance.now()
  const cancelled = e.printer.cancel()
  let heatersOffMs: number | null = null
  while (heatersOffMs === null && performance.now() - cancelledAt < 30_000) {
    const s = e.sim().state()
    if (s.toolTarget === 0 && s.bedTarget === 0) heatersOffMs = performance.now() - cancelledAt
    else await new Promise((r) => setTimeout(r, 5))
  }
  await cancelled
  expect((await done).outcome).toBe('cancelled')
  const sentM108 = e.printer.recentConsole().some((c) => c.direction === 'sent' && c.line === 'M108')
  return { heatersOffMs, sentM108, executed: e.sim().transcript.map((t) => t.command) }
}

describe('cancel during a heater wait', () => {
  it('with Cap:EMERGENCY_PARSER sends M108 and the heaters are off within a second', async () => {
    const run = await cancelDuringWait('latencyMs=1&heatRate=1')
    expect(run.sentM108).toBe(true)
    expect(run.heatersOffMs).not.toBeNull()
    expect(run.heatersOffMs as number).toBeLessThan(1000)
    // The wait ended without reaching 200 °C, and no job move ran after the cancel.
    expect(run.executed.filter((c) => c.startsWith('G1 X'))).toEqual([])
  }, 30_000)

  it('without the emergency parser sends no M108 (it would only queue behind the wait) and the wait runs out', async () => {
    const run = await cancelDuringWait('latencyMs=1&heatRate=100&residencyMs=0&emergencyParser=0')
    expect(run.sentM108).toBe(false)
    expect(run.heatersOffMs as number).toBeGreaterThan(1000)
  }, 30_000)
})
