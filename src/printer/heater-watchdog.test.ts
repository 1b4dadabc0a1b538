// The heater watchdog on hand-made reading sequences: stuck and missing readings, a heater that does not warm or falls back, a runaway.
import { describe, expect, it } from 'vitest'
import { createHeaterMonitor } from './heater-watchdog.js'

const LIMITS = { staleS: 15, bandC: 10, dropC: 10, watchPeriodS: 40, watchIncreaseC: 2, runawayBandC: 20, runawayPeriodS: 60 }

/** Feeds one reading a second from `values(t)`; returns the first fault and when. */
function run(values: (s: number) => number, target: number, seconds: number, limits = LIMITS) {
  const monitor = createHeaterMonitor('hotend', limits)
  for (let s = 0; s <= seconds; s++) {
    const fault = monitor.reading(s * 1000, values(s), target)
    if (fault) return { at: s, fault }
  }
  return null
}

describe('heater watchdog', () => {
  it('accepts a normal heat-up and a steady temperature with small noise', () => {
    expect(run((s) => Math.min(215, 21 + s * 3) + (s % 3) * 0.3, 215, 600)).toBeNull()
  })

  it('accepts a slow but steady bed-like heat-up', () => {
    expect(run((s) => Math.min(60, 21 + s * 0.1), 60, 600, { ...LIMITS, watchPeriodS: 120, bandC: 5 })).toBeNull()
  })

  it('a reading stuck while far from the target is a stale fault after staleS', () => {
    const result = run((s) => Math.min(150, 21 + s * 3), 215, 200)
    expect(result?.fault).toMatchObject({ kind: 'stale', heater: 'hotend' })
    expect(result?.fault.message).toMatch(/stuck at 150\.0 °C/)
    expect(result?.at).toBeGreaterThan(43 + 15 - 1)
    expect(result?.at).toBeLessThanOrEqual(43 + 16)
  })

  it('readings that stop arriving are caught by the periodic check', () => {
    const monitor = createHeaterMonitor('hotend', LIMITS)
    monitor.reading(0, 100, 215)
    monitor.reading(1000, 103, 215)
    expect(monitor.check(10_000)).toBeNull()
    expect(monitor.check(16_500)).toMatchObject({ kind: 'stale' })
  })

  it('a heater that does not warm is caught after one watch period', () => {
    const result = run((s) => 21 + (s % 2) * 0.2, 215, 200)
    expect(result?.fault).toMatchObject({ kind: 'not_heating' })
    expect(result?.at).toBe(41)
  })

  it('a heater falling back while heating is caught', () => {
    const result = run((s) => (s < 30 ? 21 + s * 3 : 111 - (s - 30) * 1.5), 215, 200)
    expect(result?.fault).toMatchObject({ kind: 'not_heating' })
    expect(result?.fault.message).toMatch(/fell from/)
  })

  it('a reached temperature that strays beyond the band for the period is a runaway', () => {
    const result = run((s) => (s < 70 ? Math.min(215, 21 + s * 3) : 215 - Math.min(60, (s - 70) * 2) + (s % 2) * 0.1), 215, 400)
    expect(result?.fault).toMatchObject({ kind: 'runaway' })
  })

  it('turning the heater off or changing the target restarts watching', () => {
    const monitor = createHeaterMonitor('hotend', LIMITS)
    for (let s = 0; s < 30; s++) monitor.reading(s * 1000, 21, 215)
    expect(monitor.reading(30_000, 21, 0)).toBeNull()
    for (let s = 31; s < 60; s++) expect(monitor.reading(s * 1000, 21, 0)).toBeNull()
    expect(monitor.check(120_000)).toBeNull()
  })
})
