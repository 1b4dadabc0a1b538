// Runs V8's full collection once the old generation has grown a little past what the last one left, not V8's 8 MB later.
import { getHeapSpaceStatistics } from 'node:v8'

/** The spaces a young-generation collection never empties: what promoted garbage fills between full collections. */
const YOUNG = new Set(['new_space', 'new_large_object_space'])

/** Bytes in use in V8's old generation (every space but the young generation's). */
export function oldGenerationBytes(): number {
  let used = 0
  for (const space of getHeapSpaceStatistics()) if (!YOUNG.has(space.space_name)) used += space.space_used_size
  return used
}

export interface HeapTrimDeps {
  /** The old generation's bytes in use now. */
  usedBytes: () => number
  /** A full collection; resolves when it has run. */
  collect: () => Promise<void>
  /** How far the old generation may grow past the lowest use seen since the last collection. */
  slackBytes: number
}

export interface HeapTrim {
  /** Collects when the old generation has grown `slackBytes` past its baseline; resolves true when it did. */
  check(): Promise<boolean>
  /** What the check compares with: the use after the last collection, or lower if V8 has collected since. */
  baseline(): number
}

/**
 * After a full collection V8 lets the old generation grow by at least 8 MB before the next one, whatever the live heap;
 * a process that promotes a steady trickle (the engine while printing: ~1 KB a line) always climbs to that limit.
 * Collecting at `slackBytes` past the last collection's result keeps the peak at the live heap plus the slack.
 * The first check always collects: start-up (module loading, compiling) leaves garbage that is not the live heap.
 */
export function createHeapTrim(deps: HeapTrimDeps): HeapTrim {
  let baseline = -Infinity
  let collecting = false
  return {
    baseline: () => baseline,
    async check() {
      if (collecting) return false
      const used = deps.usedBytes()
      // V8 collected on its own (or garbage was freed): the lower figure is the better guess at the live heap.
      if (baseline !== -Infinity) baseline = Math.min(baseline, used)
      if (used < baseline + deps.slackBytes) return false
      collecting = true
      try {
        await deps.collect()
      } finally {
        collecting = false
      }
      baseline = deps.usedBytes()
      return true
    },
  }
}

export interface HeapTrimOptions {
  slackBytes: number
  intervalMs: number
  /**
   * `regular`: one full collection (the engine: 5–20 ms). `last-resort`: V8's collect-everything, which compacts and
   * gives emptied pages back (the gateway, whose promoted garbage sits between live objects: 20–100 ms).
   */
  flavor?: 'regular' | 'last-resort'
}

/**
 * Checks every `intervalMs` (an unref'd timer: it keeps no process alive) when the process runs with `--expose-gc`;
 * the collection runs as a task of its own (`execution: 'async'`), not inside the check. Returns a stop function, or
 * null when `gc` is not exposed (then V8 keeps its own schedule).
 */
export function startHeapTrim(o: HeapTrimOptions): (() => void) | null {
  const gc = globalThis.gc
  if (!gc) return null
  const flavor = o.flavor ?? 'regular'
  const trim = createHeapTrim({ usedBytes: oldGenerationBytes, collect: () => gc({ type: 'major', execution: 'async', flavor }), slackBytes: o.slackBytes })
  const timer = setInterval(() => void trim.check(), o.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
