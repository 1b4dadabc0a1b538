// The motion planner: a bounded queue of timed blocks, with underrun and gap accounting.
/*
 * Blocks execute back to back for their duration; time is read from the caller (`now`), so the
 * planner needs no timers of its own. Like Marlin's ring buffer, one of the `size` blocks is
 * never used: at most size-1 moves are queued and `free()` reports size-1 when empty.
 *
 * An UNDERRUN is counted when a move enters an EMPTY planner after the previous move's blocks had
 * all finished (now > the time the planner ran dry), provided that:
 *   - there was a previous move since the last reset/quick stop (the first move never counts), and
 *   - no synchronising command ran since that previous move (`markSync()`: G28, G4, M400, M109,
 *     M190, homing/waits, pause-type commands). Those gaps are intended, not starvation.
 * Each underrun adds its starved time (now - time the planner ran dry) to `underrunMs`.
 * Idle gaps between jobs also count; callers zero the figures with `resetStats()` at job start
 * (which also forgives the gap before the next move).
 */

export interface PlannerStats {
  underruns: number
  underrunMs: number
  longestUnderrunMs: number
  blocksQueued: number
}

export interface Planner {
  /** Queues a block if there is room; false when full. */
  add(durationMs: number, now: number): boolean
  free(now: number): number
  length(now: number): number
  /** When the head block finishes (the next free slot), or null when empty. */
  nextFreeAt(now: number): number | null
  /** When every queued block has finished (now when empty). */
  drainedAt(now: number): number
  /** M410: discard every block at once. */
  quickStop(now: number): void
  /** A synchronising command ran: the next gap is not an underrun. */
  markSync(): void
  clear(): void
  stats(): PlannerStats
  resetStats(): void
}

export function createPlanner(size = 16): Planner {
  const capacity = size - 1
  const durations: number[] = []
  let headEndsAt = 0
  let dryAt = 0
  let hadMove = false
  let syncSinceMove = false
  let stats: PlannerStats = { underruns: 0, underrunMs: 0, longestUnderrunMs: 0, blocksQueued: 0 }

  function settle(now: number): void {
    while (durations.length > 0 && headEndsAt <= now) {
      durations.shift()
      dryAt = headEndsAt
      const next = durations[0]
      if (next !== undefined) headEndsAt += next
    }
  }

  return {
    add(durationMs, now) {
      settle(now)
      if (durations.length >= capacity) return false
      if (durations.length === 0) {
        if (hadMove && !syncSinceMove && now > dryAt) {
          const gap = now - dryAt
          stats.underruns++
          stats.underrunMs += gap
          stats.longestUnderrunMs = Math.max(stats.longestUnderrunMs, gap)
        }
        headEndsAt = now + durationMs
      }
      durations.push(durationMs)
      hadMove = true
      syncSinceMove = false
      stats.blocksQueued++
      return true
    },
    free(now) {
      settle(now)
      return capacity - durations.length
    },
    length(now) {
      settle(now)
      return durations.length
    },
    nextFreeAt(now) {
      settle(now)
      return durations.length > 0 ? headEndsAt : null
    },
    drainedAt(now) {
      settle(now)
      let end = headEndsAt
      for (let i = 1; i < durations.length; i++) end += durations[i] ?? 0
      return durations.length > 0 ? end : now
    },
    quickStop(now) {
      durations.length = 0
      dryAt = now
      hadMove = false
    },
    markSync() {
      syncSinceMove = true
    },
    clear() {
      durations.length = 0
      hadMove = false
      syncSinceMove = false
    },
    stats: () => ({ ...stats }),
    resetStats() {
      stats = { underruns: 0, underrunMs: 0, longestUnderrunMs: 0, blocksQueued: 0 }
      syncSinceMove = true
    },
  }
}
