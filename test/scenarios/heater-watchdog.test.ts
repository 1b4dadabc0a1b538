// The host's heater watchdog on the simulator: a stuck thermistor and a dead heater end the print with the heaters off and a clear message.
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock, type FakeClock } from '../../src/core/clock.js'
import { createEngineOnSim, drive, driveUntil, nextEvent, type EngineOnSim } from './engine-on-sim.js'

// The profile's limits scaled down so a scenario takes seconds (readings arrive every 2 s here); the judgement is the same.
// Engine and simulator share a fake clock driven 1 ms per event-loop turn: the watchdog judges simulated time, so a loaded
// machine that delays the engine's loop cannot make a reading look stale.
const FAST = {
  hotend: { staleS: 5, bandC: 10, dropC: 10, watchPeriodS: 8, watchIncreaseC: 2, runawayBandC: 20, runawayPeriodS: 3 },
  bed: { staleS: 5, bandC: 5, dropC: 5, watchPeriodS: 8, watchIncreaseC: 2, runawayBandC: 10, runawayPeriodS: 3 },
}
let t: EngineOnSim | null = null
let clock: FakeClock = createFakeClock()
afterEach(async () => {
  if (t) await drive(clock, t.close())
  t = null
})

function onSim(query: string): EngineOnSim {
  clock = createFakeClock()
  t = createEngineOnSim(query, { heaterWatchdog: FAST, pollIntervalMs: 250 }, clock)
  return t
}

/** Connects, prints `FILE` and resolves with how the job ended, all in simulated time. */
async function printToEnd(e: EngineOnSim, name: string) {
  await drive(clock, e.printer.connect())
  const ended = nextEvent(e.printer, 'printer:job_ended', () => true, 120_000, clock)
  await drive(clock, e.printer.startPrint({ jobId: name, path: e.writeFile(`${name}.gcode`, FILE) }))
  return drive(clock, ended)
}

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

const printUntilEnd = (query: string) => printToEnd(onSim(`latencyMs=1&bedHeatRate=50&homeMs=20&${query}`), 'j1')

describe('heater watchdog on the simulator', () => {
  it('a thermistor stuck while heating fails the print with HEATER_FAULT and turns the heaters off', async () => {
    const result = await printUntilEnd('heatRate=40&stuckHeaterAt=120')
    expect(result).toMatchObject({ outcome: 'failed', code: 'HEATER_FAULT' })
    const stuckAt = Number(/hotend reading has been stuck at (\d+\.\d) °C/.exec(result.reason ?? '')?.[1])
    expect(stuckAt).toBeGreaterThanOrEqual(120)
    expect(stuckAt).toBeLessThan(215)
    await driveUntil(clock, () => t!.sim().state().toolTarget === 0 && t!.sim().state().bedTarget === 0, 'both heater targets back to 0', 5000)
    expect(t!.sim().transcript.some((e) => e.command === 'M112')).toBe(false)
  }, 60_000)

  it('a heater that never warms fails the print', async () => {
    const result = await printUntilEnd('heatRate=40&deadHeater=1')
    expect(result).toMatchObject({ outcome: 'failed', code: 'HEATER_FAULT' })
    expect(result.reason).toMatch(/hotend (reading has been stuck at 21\.3|rose only 0\.0) °C/)
    await driveUntil(clock, () => t!.sim().state().toolTarget === 0, 'the hotend target back to 0', 5000)
  }, 60_000)

  it('a healthy heater prints on', async () => {
    const e = onSim('latencyMs=1&heatRate=60&bedHeatRate=50&homeMs=20&timeScale=0.05')
    expect(await printToEnd(e, 'j2')).toMatchObject({ outcome: 'completed' })
  }, 60_000)
})
