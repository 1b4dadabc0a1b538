// The sender's watchdog: when the oldest line in flight has waited too long for its ok, with busy keep-alives in mind.
import type { Clock } from '../core/clock.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { SendEntry } from './send-entry.js'

export interface SenderWatchdog {
  /** The firmware answered (resend request) or a line went into an empty window: the wait starts again. */
  progress(at?: number): void
  /** An ok: progress, and the run of timeouts ends. */
  ok(): void
  /** A busy keep-alive: the firmware is working on a long command. */
  busy(): void
  /** Whether `oldest` has now timed out; null when not, else how many timeouts in a row (counted). */
  check(oldest: SendEntry): number | null
}

export function createSenderWatchdog(deps: { clock: Clock; profile(): FirmwareProfile; resendOkWaitMs: number }): SenderWatchdog {
  const { clock } = deps
  let lastProgressAt = clock.now()
  let busySince = -1
  /** The firmware has sent a busy keep-alive on this link: it will keep doing so whenever a command takes long. */
  let busyKnown = false
  let consecutiveTimeouts = 0
  return {
    progress(at = clock.now()) {
      lastProgressAt = at
    },
    ok() {
      lastProgressAt = clock.now()
      busySince = -1
      consecutiveTimeouts = 0
    },
    busy() {
      lastProgressAt = clock.now()
      busySince = lastProgressAt
      busyKnown = true
    },
    check(oldest) {
      const now = clock.now()
      const p = deps.profile()
      const since = Math.max(lastProgressAt, oldest.sentAt)
      // Once keep-alives are known to flow, silence longer than busyMs on an ordinary command means a lost ok.
      const ordinary = oldest.timeoutMs <= p.timeouts.communicationMs
      const limit =
        busySince >= 0
          ? p.timeouts.busyMs
          : oldest.kind === 'phantom'
            ? deps.resendOkWaitMs
            : busyKnown && ordinary
              ? Math.min(oldest.timeoutMs, p.timeouts.busyMs)
              : oldest.timeoutMs
      if (now - since < limit) return null
      consecutiveTimeouts++
      lastProgressAt = now
      busySince = -1
      return consecutiveTimeouts
    },
  }
}
