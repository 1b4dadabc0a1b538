// Line numbering and the ring of sent numbered lines a resend request replays from.
import { frameLine } from '../protocol/gcode-line.js'
import type { SendEntry } from './send-entry.js'

export interface ResendHistory {
  /** The number the next new line gets. */
  readonly next: number
  /** The highest number sent since the last reset (0: none). */
  readonly highestSent: number
  /** Gives `entry` the next number and its `N…*cs` wire form (kept when re-framed before it goes). */
  frame(entry: SendEntry): void
  /** Records `entry` as sent when it carries the next number (replays keep theirs). */
  sent(entry: SendEntry): void
  /** The numbered line `n`, if still kept. */
  get(n: number): SendEntry | undefined
  /** Lines `from`..highestSent to send again, or the first number no longer kept. */
  replayFrom(from: number): SendEntry[] | { missing: number }
  /** The firmware's counter goes back to 0 (M110). */
  reset(): void
  /** The firmware already counts to `n`: the next line is `n + 1` (nothing before it is kept). */
  continueFrom(n: number): void
}

export function createResendHistory(size: number): ResendHistory {
  const ring: (SendEntry | undefined)[] = new Array(size)
  let next = 1
  let highestSent = 0
  const get = (n: number) => {
    const entry = ring[n % size]
    return entry && entry.n === n ? entry : undefined
  }
  return {
    get next() {
      return next
    },
    get highestSent() {
      return highestSent
    },
    frame(entry) {
      entry.n = next
      entry.wire = frameLine(next, entry.command)
      entry.bytes = entry.wire.length + 1
    },
    sent(entry) {
      if (entry.n === null || entry.n !== next) return
      next++
      highestSent = entry.n
      ring[entry.n % size] = entry
    },
    get,
    replayFrom(from) {
      const lines: SendEntry[] = []
      for (let n = from; n <= highestSent; n++) {
        const entry = get(n)
        if (!entry) return { missing: n }
        lines.push(entry)
      }
      return lines
    },
    reset() {
      next = 1
      highestSent = 0
      ring.fill(undefined)
    },
    continueFrom(n) {
      next = n + 1
      highestSent = n
    },
  }
}
