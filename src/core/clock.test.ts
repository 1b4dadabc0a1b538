// The system clock's timers run once and a cleared one never runs (Node's timers faked by vitest).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSystemClock } from './clock.js'

describe('createSystemClock', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('runs a timer once when due and never a cleared one', () => {
    const clock = createSystemClock()
    const ran: string[] = []
    clock.setTimeout(() => ran.push('kept'), 10)
    const cleared = clock.setTimeout(() => ran.push('cleared'), 5)
    clock.clearTimeout(cleared)
    clock.clearTimeout(undefined)
    vi.advanceTimersByTime(9)
    expect(ran).toEqual([])
    vi.advanceTimersByTime(1)
    expect(ran).toEqual(['kept'])
    vi.advanceTimersByTime(100)
    expect(ran).toEqual(['kept'])
  })

  it('gives every timer its own id', () => {
    const clock = createSystemClock()
    const ids = [clock.setTimeout(() => undefined, 1).id, clock.setTimeout(() => undefined, 1).id]
    expect(new Set(ids).size).toBe(2)
  })
})
