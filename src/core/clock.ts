// An injectable clock so time-dependent logic can be tested without sleeping.

export type TimerHandle = { readonly id: number }

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
}

/** The real clock: performance.now() and Node timers. */
export function createSystemClock(): Clock {
  let next = 1
  const timers = new Map<number, NodeJS.Timeout>()
  return {
    now: () => performance.now(),
    setTimeout(fn, ms) {
      const id = next++
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id)
          fn()
        }, ms),
      )
      return { id }
    },
    clearTimeout(handle) {
      if (!handle) return
      const t = timers.get(handle.id)
      if (t) clearTimeout(t)
      timers.delete(handle.id)
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
