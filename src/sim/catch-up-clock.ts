// A Clock for the simulator that runs late timers at their scheduled time, in order.
/*
 * With the system clock, a busy event loop fires timers late. The firmware would then see every
 * late event at the same "now", as if its planner had drained while bytes that had already
 * arrived sat unread, and report underruns that a real printer (running on its own CPU) would
 * not have. This wrapper keeps its own timer list on top of one base timer: when that fires,
 * every due timer runs in time order and `now()` inside it returns the time it was due.
 * Outside timer callbacks `now()` is the base clock's time. On a fake clock it changes nothing.
 */
import type { Clock, TimerHandle } from '../core/clock.js'

interface Entry {
  id: number
  at: number
  fn: () => void
}

export function createCatchUpClock(base: Clock): Clock {
  // A few timers at a time, set and cleared for every line: a plain array in id order (ties run in the order set)
  // allocates nothing per lookup, where a Map's iterator and rehashed tables were the engine's busiest garbage.
  const timers: Entry[] = []
  let nextId = 1
  let running: number | null = null
  let baseTimer: TimerHandle | undefined
  let baseAt = Infinity

  function earliest(limit: number): Entry | undefined {
    let best: Entry | undefined
    for (const e of timers) if (e.at <= limit && (!best || e.at < best.at)) best = e
    return best
  }

  function remove(id: number): void {
    const i = timers.findIndex((e) => e.id === id)
    if (i >= 0) timers.splice(i, 1)
  }

  function arm(): void {
    const first = earliest(Infinity)
    if (!first) {
      base.clearTimeout(baseTimer)
      baseTimer = undefined
      baseAt = Infinity
      return
    }
    // A base timer due earlier is kept: it runs nothing and arms again.
    if (baseTimer && baseAt <= first.at) return
    base.clearTimeout(baseTimer)
    baseAt = first.at
    baseTimer = base.setTimeout(runDue, Math.max(0, baseAt - base.now()))
  }

  function runDue(): void {
    baseTimer = undefined
    baseAt = Infinity
    const until = base.now()
    try {
      for (let due = earliest(until); due; due = earliest(until)) {
        remove(due.id)
        running = due.at
        due.fn()
      }
    } finally {
      running = null
      arm()
    }
  }

  return {
    now: () => running ?? base.now(),
    setTimeout(fn, ms) {
      const id = nextId++
      timers.push({ id, at: (running ?? base.now()) + Math.max(0, ms), fn })
      if (running === null) arm()
      return { id }
    },
    clearTimeout(handle) {
      if (!handle) return
      remove(handle.id)
      if (running === null) arm()
    },
  }
}
