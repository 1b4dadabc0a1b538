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
  at: number
  seq: number
  fn: () => void
}

export function createCatchUpClock(base: Clock): Clock {
  const timers = new Map<number, Entry>()
  let nextId = 1
  let running: number | null = null
  let baseTimer: TimerHandle | undefined
  let baseAt = Infinity

  function earliest(limit: number): [number, Entry] | undefined {
    let best: [number, Entry] | undefined
    for (const item of timers) {
      const e = item[1]
      if (e.at <= limit && (!best || e.at < best[1].at || (e.at === best[1].at && e.seq < best[1].seq))) best = item
    }
    return best
  }

  function arm(): void {
    const first = earliest(Infinity)
    if (!first) {
      base.clearTimeout(baseTimer)
      baseTimer = undefined
      baseAt = Infinity
      return
    }
    if (baseTimer && baseAt === first[1].at) return
    base.clearTimeout(baseTimer)
    baseAt = first[1].at
    baseTimer = base.setTimeout(runDue, Math.max(0, baseAt - base.now()))
  }

  function runDue(): void {
    baseTimer = undefined
    baseAt = Infinity
    const until = base.now()
    try {
      for (let due = earliest(until); due; due = earliest(until)) {
        timers.delete(due[0])
        running = due[1].at
        due[1].fn()
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
      timers.set(id, { at: (running ?? base.now()) + Math.max(0, ms), seq: id, fn })
      if (running === null) arm()
      return { id }
    },
    clearTimeout(handle) {
      if (!handle) return
      timers.delete(handle.id)
      if (running === null) arm()
    },
  }
}
