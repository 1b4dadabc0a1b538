// The host's heater watchdog on the simulator: a stuck thermistor and a dead heater end the print with the heaters off and a clear message.
import { afterEach, describe, expect, it } from 'vitest'
import { createEngineOnSim, nextEvent, type EngineOnSim } from './engine-on-sim.js'

// The profile's limits scaled down so a scenario takes seconds (readings arrive every 2 s here); the judgement is the same.
const FAST = {
  hotend: { staleS: 5, bandC: 10, dropC: 10, watchPeriodS: 8, watchIncreaseC: 2, runawayBandC: 20, runawayPeriodS: 3 },
  bed: { staleS: 5, bandC: 5, dropC: 5, watchPeriodS: 8, watchIncreaseC: 2, runawayBandC: 10, runawayPeriodS: 3 },
}
let t: EngineOnSim | null = null
afterEach(async () => {
  await t?.close()
  t = null
})

/** Heats without waiting, then slow moves long enough for the watchdog to judge. */
const FILE = [
  'M140 S50',
  'M104 S215',
  'G28',
  'G90',
  ...Array.from({ length: 400 }, (_, i) => `G1 X${10 + (i % 2) * 5} Y${10 + (i % 7)} F600`),
  'M104 S0',
  'M140 S0',
].join('\n')

async function printUntilEnd(query: string) {
  t = createEngineOnSim(`latencyMs=1&bedHeatRate=50&homeMs=20&${query}`, { heaterWatchdog: FAST, pollIntervalMs: 250 })
  await t.printer.connect()
  const ended = nextEvent(t.printer, 'printer:job_ended', () => true, 30_000)
  await t.printer.startPrint({ jobId: 'j1', path: t.writeFile('heat.gcode', FILE) })
  return ended
}

describe('heater watchdog on the simulator', () => {
  it('a thermistor stuck while heating fails the print with HEATER_FAULT and turns the heaters off', async () => {
    const result = await printUntilEnd('heatRate=40&stuckHeaterAt=120')
    expect(result).toMatchObject({ outcome: 'failed', code: 'HEATER_FAULT' })
    const stuckAt = Number(/hotend reading has been stuck at (\d+\.\d) °C/.exec(result.reason ?? '')?.[1])
    expect(stuckAt).toBeGreaterThanOrEqual(120)
    expect(stuckAt).toBeLessThan(215)
    await expect.poll(() => t!.sim().state().toolTarget, { timeout: 5000 }).toBe(0)
    expect(t!.sim().state().bedTarget).toBe(0)
    expect(t!.sim().transcript.some((e) => e.command === 'M112')).toBe(false)
  }, 60_000)

  it('a heater that never warms fails the print', async () => {
    const result = await printUntilEnd('heatRate=40&deadHeater=1')
    expect(result).toMatchObject({ outcome: 'failed', code: 'HEATER_FAULT' })
    expect(result.reason).toMatch(/hotend (reading has been stuck at 21\.3|rose only 0\.0) °C/)
    await expect.poll(() => t!.sim().state().toolTarget, { timeout: 5000 }).toBe(0)
  }, 60_000)

  it('a healthy heater prints on', async () => {
    t = createEngineOnSim('latencyMs=1&heatRate=60&bedHeatRate=50&homeMs=20&timeScale=0.05', { heaterWatchdog: FAST, pollIntervalMs: 250 })
    await t.printer.connect()
    const ended = nextEvent(t.printer, 'printer:job_ended', () => true, 45_000)
    await t.printer.startPrint({ jobId: 'j2', path: t.writeFile('ok.gcode', FILE) })
    expect(await ended).toMatchObject({ outcome: 'completed' })
  }, 60_000)
})
