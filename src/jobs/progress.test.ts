// Overall progress weights and the time-remaining blend.
import { describe, expect, it } from 'vitest'
import { overallProgress, remainingSeconds } from './progress.js'

const steps = (statuses: string[]) => (['research', 'cad', 'slicing', 'printing'] as const).map((name, i) => ({ name, status: statuses[i] as 'pending' }))

describe('overallProgress', () => {
  it('weights research 5, CAD 10, slicing 15, printing 70 for a text job', () => {
    expect(overallProgress(steps(['pending', 'pending', 'pending', 'pending']), 'research', 0)).toBe(0)
    expect(overallProgress(steps(['completed', 'completed', 'running', 'pending']), 'slicing', 0.5)).toBe(22.5)
    expect(overallProgress(steps(['completed', 'completed', 'completed', 'running']), 'printing', 0.5)).toBe(65)
    expect(overallProgress(steps(['completed', 'completed', 'completed', 'completed']), null)).toBe(100)
  })
  it('lets an uploaded G-code print go from 0 to 100', () => {
    expect(overallProgress(steps(['skipped', 'skipped', 'skipped', 'running']), 'printing', 0.42)).toBe(42)
  })
})

describe('remainingSeconds', () => {
  it('uses the slicer estimate early and the measured rate later', () => {
    expect(remainingSeconds(0, 0, 600)).toBe(600)
    expect(remainingSeconds(1, 5000, null)).toBeNull()
    expect(remainingSeconds(50, 100_000, 600)).toBe(100)
    expect(remainingSeconds(25, 100_000, 1000)).toBe(Math.round(300 * 0.5 + 750 * 0.5))
  })
})
