// Planner timing, capacity and the underrun definition.
import { describe, expect, it } from 'vitest'
import { createPlanner } from './planner.js'

describe('createPlanner', () => {
  it('runs blocks back to back and frees slots as they finish', () => {
    const planner = createPlanner(4)
    expect(planner.free(0)).toBe(3)
    expect(planner.add(10, 0)).toBe(true)
    expect(planner.add(20, 0)).toBe(true)
    expect(planner.add(30, 0)).toBe(true)
    expect(planner.add(5, 0)).toBe(false)
    expect(planner.nextFreeAt(0)).toBe(10)
    expect(planner.drainedAt(0)).toBe(60)
    expect(planner.length(10)).toBe(2)
    expect(planner.length(29.9)).toBe(2)
    expect(planner.length(30)).toBe(1)
    expect(planner.length(60)).toBe(0)
    expect(planner.drainedAt(70)).toBe(70)
  })

  it('does not count the first move or a gap after a synchronising command', () => {
    const planner = createPlanner(16)
    planner.add(10, 100)
    planner.markSync()
    planner.add(10, 500)
    expect(planner.stats().underruns).toBe(0)
  })

  it('counts a move that reaches an empty planner after it ran dry, with the starved time', () => {
    const planner = createPlanner(16)
    planner.add(10, 0)
    planner.add(10, 5)
    planner.add(10, 25)
    planner.add(10, 30)
    planner.add(10, 60)
    expect(planner.stats()).toMatchObject({ underruns: 2, underrunMs: 5 + 15, longestUnderrunMs: 15, blocksQueued: 5 })
  })

  it('quick stop discards every block and forgives the next gap', () => {
    const planner = createPlanner(16)
    planner.add(1000, 0)
    planner.add(1000, 0)
    planner.quickStop(50)
    expect(planner.length(50)).toBe(0)
    planner.add(10, 80)
    expect(planner.stats().underruns).toBe(0)
  })
})
