// An injectable clock so time-dependent logic can be tested without sleeping.

export type TimerHandle = { readonly id: number }

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
}

/** The system clock's handle carries its Node timer. */
interface SystemTimer extends TimerHandle {
  readonly timer: NodeJS.Timeout
}

/**
 * The real clock: performance.now() and Node timers. Each handle holds its own timer: a Map from ids to timers, set and
 * deleted for every line sent, kept reallocating its hash table, and the tables reached V8's old space.
 */
export function createSystemClock(): Clock {
  let next = 1
  return {
    now: () => performance.now(),
    setTimeout: (fn, ms): SystemTimer => ({ id: next++, timer: setTimeout(fn, ms) }),
    clearTimeout(handle) {
      if (handle && 'timer' in handle) clearTimeout((handle as SystemTimer).timer)
    },
  }
}

/** A manual clock for tests: time moves only when `advance` is called. */
export interface FakeClock extends Clock {
  advance(ms: number): void
  /** Runs timers until none are due within `ms` more milliseconds. */
  pending(): number
}

export function createFakeClock(start = 0): FakeClock {
  let now = start
  let next = 1
  const timers = new Map<number, { at: number; fn: () => void; seq: number }>()
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++
      timers.set(id, { at: now + Math.max(0, ms), fn, seq: id })
      return { id }
    },
    clearTimeout(handle) {
      if (handle) timers.delete(handle.id)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        let due: [number, { at: number; fn: () => void; seq: number }] | undefined
        for (const entry of timers) {
          if (entry[1].at <= end && (!due || entry[1].at < due[1].at || (entry[1].at === due[1].at && entry[1].seq < due[1].seq))) due = entry
        }
        if (!due) break
        timers.delete(due[0])
        now = Math.max(now, due[1].at)
        due[1].fn()
      }
      now = end
    },
    pending: () => timers.size,
  }
}
