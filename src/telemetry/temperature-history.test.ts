// Temperature history: one sample per interval, a 30-minute window, the time of the last reading.
import { describe, expect, it } from 'vitest'
import { createEmitter } from '../core/events.js'
import type { PrinterEvents } from '../printer/types.js'
import { createTemperatureHistory } from './temperature-history.js'

describe('temperature history', () => {
  it('keeps one sample per interval for the window and knows when the last reading came', () => {
    const events = createEmitter<PrinterEvents>()
    let now = 1_000_000
    const history = createTemperatureHistory({ events, now: () => now, windowMs: 60_000, intervalMs: 2000 })
    expect(history.lastReadingAt()).toBeNull()
    const report = (tool: number) => events.emit('printer:temperature', { tools: [{ actual: tool, target: 200 }], bed: { actual: 50, target: 60 } })
    report(20)
    now += 1000
    report(21)
    expect(history.samples()).toEqual([{ at: 1_000_000, tool: 20, toolTarget: 200, bed: 50, bedTarget: 60 }])
    expect(history.lastReadingAt()).toBe(1_001_000)
    for (let i = 0; i < 60; i++) {
      now += 2000
      report(30 + i)
    }
    const samples = history.samples()
    expect(samples.at(-1)).toMatchObject({ tool: 89, at: now })
    expect(samples[0]!.at).toBeGreaterThanOrEqual(now - 60_000)
    expect(samples).toHaveLength(31)
    // Nothing reported: the samples age out, the last reading time stays.
    now += 120_000
    expect(history.samples()).toEqual([])
    expect(history.lastReadingAt()).toBe(now - 120_000)
    history.dispose()
    report(1)
    expect(history.lastReadingAt()).toBe(now - 120_000)
  })

  it('records a missing heater as null', () => {
    const events = createEmitter<PrinterEvents>()
    const history = createTemperatureHistory({ events, now: () => 5 })
    events.emit('printer:temperature', { tools: [] })
    expect(history.samples()).toEqual([{ at: 5, tool: null, toolTarget: null, bed: null, bedTarget: null }])
  })
})
