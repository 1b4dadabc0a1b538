// The in-flight ledger: lines on the wire awaiting their ok, oldest first, and the window bytes they hold.
import type { FlowWindow } from './flow-window.js'
import { createEntry, type SendEntry } from './send-entry.js'

export interface InFlight {
  readonly length: number
  readonly head: SendEntry | undefined
  readonly entries: readonly SendEntry[]
  /** Lines really sent (phantoms stand for oks of things we did not send). */
  realCount(): number
  /** A line went on the wire. */
  push(entry: SendEntry): void
  /** Takes the oldest `count` entries off (their oks came, or the oldest timed out) and frees their bytes. */
  take(count: number): SendEntry[]
  /** An ok will come for something we did not send (after a resend request, after a fragment ran): it comes first. */
  expectForeignOk(label: string, now: number): void
  /** Drops the oldest phantom (the ok it waited for never came); false when there is none. */
  dropPhantom(): boolean
  /** Takes numbered lines from `r` on off the wire (they go again); returns how many numbers after `r` were dropped. */
  dropFrom(r: number): number
  /** Nothing follows a barrier until its ok, even when a phantom ok (after a resend request) waits ahead of it. */
  barrierSent(): boolean
  /** Takes one entry off the wire (it goes again). */
  remove(entry: SendEntry): void
  /** Takes a line-number reset off the wire, if one is in flight. */
  takeReset(): SendEntry | undefined
  /** Whether a line really sent has exactly this command text. */
  sentCommand(text: string): boolean
  /** The numbers (or kinds) in flight, for messages. */
  describe(): string
  /** Forgets everything; returns what was in flight. */
  clear(): SendEntry[]
}

export function createInFlight(window: Pick<FlowWindow, 'sent' | 'left' | 'clear'>): InFlight {
  let entries: SendEntry[] = []
  return {
    get length() {
      return entries.length
    },
    get head() {
      return entries[0]
    },
    get entries() {
      return entries
    },
    realCount() {
      let count = 0
      for (const e of entries) if (e.kind !== 'phantom') count++
      return count
    },
    push(entry) {
      entries.push(entry)
      window.sent(entry.bytes)
    },
    take(count) {
      const taken = entries.slice(0, count)
      entries = entries.slice(count)
      for (const entry of taken) window.left(entry.bytes)
      return taken
    },
    expectForeignOk(label, now) {
      entries.unshift(createEntry('phantom', label, { bytes: 0, sentAt: now }))
    },
    dropPhantom() {
      const index = entries.findIndex((e) => e.kind === 'phantom')
      if (index < 0) return false
      entries.splice(index, 1)
      return true
    },
    dropFrom(r) {
      const kept: SendEntry[] = []
      let dropped = 0
      for (const entry of entries) {
        if (entry.n !== null && entry.n >= r) {
          window.left(entry.bytes)
          if (entry.n > r) dropped++
        } else kept.push(entry)
      }
      entries = kept
      return dropped
    },
    barrierSent: () => entries.some((e) => e.barrier && e.kind !== 'phantom'),
    remove(entry) {
      const index = entries.indexOf(entry)
      if (index < 0) return
      entries.splice(index, 1)
      window.left(entry.bytes)
    },
    takeReset() {
      const index = entries.findIndex((e) => e.kind === 'reset')
      if (index < 0) return undefined
      const reset = entries.splice(index, 1)[0] as SendEntry
      window.left(reset.bytes)
      return reset
    },
    sentCommand: (text) => entries.some((e) => e.kind !== 'phantom' && e.command === text),
    describe: () => entries.map((e) => e.n ?? e.kind).join(','),
    clear() {
      const all = entries
      entries = []
      window.clear()
      return all
    },
  }
}
