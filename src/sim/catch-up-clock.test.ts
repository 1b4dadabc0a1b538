// Late timers run at their due time, in order; nested timers due in the past run in the same batch.
import { describe, expect, it } from 'vitest'
import { createFakeClock, type Clock, type TimerHandle } from '../core/clock.js'
import { createCatchUpClock } from './catch-up-clock.js'

/** A base clock whose timers fire `lateMs` late, like a busy event loop. */
function lateClock(lateMs: number): Clock & { advance(ms: number): void } {
  const fake = createFakeClock()
  return {
    now: () => fake.now(),
    setTimeout: (fn, ms): TimerHandle => fake.setTimeout(fn, ms + lateMs),
    clearTimeout: (h) => fake.clearTimeout(h),
    advance: (ms) => fake.advance(ms),
  }
}

describe('createCatchUpClock', () => {
  it('runs late timers with now() at their due time, in due order, including timers they schedule', () => {
    const base = lateClock(50)
    const clock = createCatchUpClock(base)
    const seen: [string, number][] = []
    clock.setTimeout(() => {
      seen.push(['b', clock.now()])
      clock.setTimeout(() => seen.push(['c', clock.now()]), 5)
    }, 20)
    clock.setTimeout(() => seen.push(['a', clock.now()]), 10)
    base.advance(59)
    expect(seen).toEqual([])
    base.advance(1)
    expect(seen).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 25],
    ])
    expect(clock.now()).toBe(60)
  })

  it('does not run cleared timers', () => {
    const base = lateClock(0)
    const clock = createCatchUpClock(base)
    let ran = false
    const handle = clock.setTimeout(() => (ran = true), 10)
    clock.clearTimeout(handle)
    base.advance(100)
    expect(ran).toBe(false)
  })

  it('runs timers due at the same time in the order they were set, after clearing one among them', () => {
    const base = lateClock(0)
    const clock = createCatchUpClock(base)
    const seen: string[] = []
    clock.setTimeout(() => seen.push('first'), 10)
    const dropped = clock.setTimeout(() => seen.push('dropped'), 10)
    clock.setTimeout(() => seen.push('second'), 10)
    clock.setTimeout(() => seen.push('early'), 5)
    clock.clearTimeout(dropped)
    base.advance(10)
    expect(seen).toEqual(['early', 'first', 'second'])
  })
})
