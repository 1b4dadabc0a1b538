// Heater model: heating time, cooling, Marlin report format.
import { describe, expect, it } from 'vitest'
import { createThermal } from './thermal.js'

describe('createThermal', () => {
  it('reports like Marlin at ambient', () => {
    expect(createThermal({ heatRate: 3, bedHeatRate: 1 }, 0).report(0)).toBe(' T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0')
  })

  it('heats linearly at heatRate and predicts when the window is reached', () => {
    const thermal = createThermal({ heatRate: 10, bedHeatRate: 1 }, 0)
    thermal.setTarget('tool', 211.3, 0)
    expect(thermal.timeToReach('tool', 211.3, 0)).toBeCloseTo(18_900, 6)
    expect(thermal.actual('tool', 1000)).toBeCloseTo(31.3, 6)
    expect(thermal.report(1000)).toBe(' T:31.30 /211.30 B:21.00 /0.00 @:127 B@:0')
    expect(thermal.actual('tool', 60_000)).toBe(211.3)
    expect(thermal.timeToReach('tool', 211.3, 60_000)).toBe(0)
  })

  it('cools toward ambient when the target is lowered, never below it', () => {
    const thermal = createThermal({ heatRate: 100, bedHeatRate: 1 }, 0)
    thermal.setTarget('tool', 200, 0)
    thermal.setTarget('tool', 0, 10_000)
    const after = thermal.actual('tool', 70_000)
    expect(after).toBeLessThan(200)
    expect(after).toBeGreaterThan(21.3)
    expect(thermal.timeToReach('tool', 50, 70_000)).toBeGreaterThan(0)
    expect(thermal.timeToReach('tool', 10, 70_000)).toBe(Infinity)
  })
})
