// The sender's inbound side: what each firmware reply means for the lines in flight (oks credited, resends replayed,
// anomalies noticed).
import type { Clock } from '../core/clock.js'
import type { ErrorCode } from '../core/errors.js'
import type { Reply } from '../protocol/reply.js'
import { isSequenceError } from '../protocol/reply-errors.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { FlowWindow } from './flow-window.js'
import type { InFlight } from './in-flight.js'
import type { JobLine } from './line-source.js'
import { creditOk } from './ok-credit.js'
import type { Outbox } from './outbox.js'
import type { ResendHistory } from './resend-history.js'
import { createResendOkWait } from './resend-ok-wait.js'
import type { ResendDecision, ResendPolicy } from './resend-policy.js'
import { createResendResync } from './resend-resync.js'
import type { SendEntry } from './send-entry.js'
import type { SenderStats } from './sender-stats.js'
import type { SenderWatchdog } from './sender-watchdog.js'

const UNKNOWN_COMMAND = /^echo:\s*Unknown command:\s*"([^"]*)"/

export interface SenderRepliesDeps {
  clock: Clock
  profile(): FirmwareProfile
  numbered(): boolean
  stats: SenderStats
  inFlight: InFlight
  outbox: Pick<Outbox, 'replayLines' | 'replayFirst'>
  history: ResendHistory
  historySize: number
  policy: ResendPolicy
  flowWindow: Pick<FlowWindow, 'anomaly' | 'slotsFree'>
  watchdog: SenderWatchdog
  /** Buffered mode drops to one line in flight after any resend with several lines in flight (else only anomalies). */
  fallbackOnAnyResend: boolean
  resendOkWaitMs: number
  /** Whether the line counter is set back (M110) before a replay that dropped later lines. */
  resync(): boolean
  /** The ok timeout for a command text. */
  timeoutFor(command: string): number
  /** Sends what may go now. */
  pump(): void
  onJobLineConfirmed(line: JobLine, n: number | null): void
  onFailure(code: ErrorCode, reason: string): void
}

export type SenderReplies = ReturnType<typeof createSenderReplies>

export function createSenderReplies(deps: SenderRepliesDeps) {
  const { clock, stats, inFlight, policy } = deps
  const resendOk = createResendOkWait(clock, deps.resendOkWaitMs, () => {
    if (inFlight.dropPhantom()) stats.synthesisedOks++
    deps.pump()
  })
  const resync = createResendResync(deps.profile, deps.timeoutFor)

  function ack(entry: SendEntry, okLine: string | null): void {
    if (resync.done(entry)) stats.resyncs++
    if (entry.kind === 'job' && entry.job) {
      if (!entry.confirmed) {
        entry.confirmed = true
        stats.confirmed++
        deps.onJobLineConfirmed(entry.job, entry.n)
      }
    } else if (entry.resolve) {
      const lines = entry.replies ?? []
      if (okLine !== null) lines.push(okLine)
      entry.resolve(lines)
    }
    policy.acknowledged(entry.n)
  }

  /** The oldest line in flight is done: its ok (or the reply that ends it) came, or it timed out (`null`). */
  function ackHead(okLine: string | null): void {
    const [entry] = inFlight.take(1)
    if (entry) ack(entry, okLine)
  }

  function anomaly(why: string): void {
    stats.anomalies++
    deps.flowWindow.anomaly(why)
  }

  function onOk(reply: Extract<Reply, { kind: 'ok' }>, line: string): void {
    deps.watchdog.ok()
    const hadLines = inFlight.length > 0
    const credit = creditOk(inFlight.entries, reply, line, deps.numbered())
    if ('stray' in credit) {
      // Something we did not send ran, or an ok was doubled: never credited to a line of ours.
      stats.strayOks++
      anomaly(credit.stray)
    } else {
      const acked = inFlight.take(credit.credit)
      acked.forEach((entry, i) => ack(entry, i === acked.length - 1 ? line : null))
    }
    if (reply.bufferFree !== null && hadLines) deps.flowWindow.slotsFree(inFlight.realCount(), reply.bufferFree)
  }

  /** Marlin prints an ok right after `Resend:` (before the oks of older lines still executing); `detect` waits for it. */
  function expectResendOk(): void {
    const mode = deps.profile().okAfterResend
    if (mode === 'never') return
    inFlight.expectForeignOk('ok after resend', clock.now())
    if (mode === 'detect') resendOk.start()
  }

  function onResend(r: number): void {
    stats.resends++
    deps.watchdog.progress()
    if (!deps.numbered()) return
    const pending = resync.request()
    if (pending === 'follow-on') {
      // Refused lines sent before the resync: whatever number they ask for, the resync sets the counter after them.
      policy.absorb()
      stats.followOnsIgnored++
      return expectResendOk()
    }
    const decision = policy.request(r)
    if (pending === 'refused') return resyncAgain(r, decision)
    onReplayDecision(r, decision)
  }

  function onReplayDecision(r: number, decision: ResendDecision): void {
    if (decision.kind === 'follow-on') {
      stats.followOnsIgnored++
      return expectResendOk()
    }
    if (deps.fallbackOnAnyResend && inFlight.length > 1) anomaly(`resend of line ${r} with ${inFlight.length} lines in flight`)
    if (decision.suspicious) anomaly(`line ${r} requested ${decision.streak} times`)
    if (decision.kind === 'loop') return deps.onFailure('RESEND_LOOP', `The printer requested line ${r} ${decision.streak} times in a row`)
    replayFrom(r, decision.sequenceError)
  }

  /** The resync line itself was refused (damaged): it goes again before the replay, which still waits behind it. */
  function resyncAgain(r: number, decision: ResendDecision): void {
    const entry = resync.entry as SendEntry
    if (!inFlight.entries.includes(entry)) {
      // Not sent yet (it waits for the window to empty): this request is not about it.
      resync.clear()
      return onReplayDecision(r, decision)
    }
    if (decision.kind === 'loop')
      return deps.onFailure('RESEND_LOOP', `The printer refused the line-number resync ${decision.streak} times in a row (asked for ${r})`)
    inFlight.remove(entry)
    deps.outbox.replayFirst(entry)
    expectResendOk()
  }

  function replayFrom(r: number, sequenceError: boolean): void {
    const { history } = deps
    const reset = inFlight.takeReset()
    if (reset) {
      // Our line-number reset itself was damaged: the firmware still counts from before it. Send it again.
      deps.outbox.replayLines([reset])
      return expectResendOk()
    }
    if (r > history.highestSent + 1) {
      // The printer says it took every line up to r-1, lines it was never sent: its counter has run past lines it
      // did not run, and which of those in flight it ran cannot be known. Going on would skip them; replaying could
      // run some twice.
      return deps.onFailure(
        'RESEND_SKIPS_LINES',
        `The printer asked to resume at line ${r}, beyond the last line sent (${history.highestSent}; in flight: ${inFlight.describe()})`,
      )
    }
    if (r > history.highestSent) return expectResendOk()
    if (!history.get(r)) return deps.onFailure('RESEND_HISTORY_EXHAUSTED', `The printer requested line ${r}, older than the ${deps.historySize} lines kept`)
    const oldestInFlight = inFlight.entries.find((e) => e.n !== null)
    if (!oldestInFlight || (oldestInFlight.n as number) > r) anomaly(`resend of line ${r}, which was already acknowledged (in flight: ${inFlight.describe()})`)
    const dropped = inFlight.dropFrom(r)
    policy.replaying(dropped)
    const lines = history.replayFrom(r)
    if (!Array.isArray(lines)) return deps.onFailure('RESEND_HISTORY_EXHAUSTED', `Line ${lines.missing} is no longer in the resend history`)
    for (const entry of lines) if (entry.replies) entry.replies.length = 0
    // Lines after r were refused though intact, and some firmware count them: set the counter back first. After a
    // sequence error one of them was the refused line that caused this request, so one follow-on fewer is to come.
    const resyncLine = dropped > 0 && deps.resync() ? resync.begin(r, sequenceError ? dropped - 1 : dropped) : null
    deps.outbox.replayLines(resyncLine ? [resyncLine, ...lines] : lines)
    expectResendOk()
  }

  /** Marlin echoes the command exactly as it parsed it (number skipped, cut at `*`): anything else is not ours. */
  function isForeignUnknownCommand(line: string): boolean {
    const match = UNKNOWN_COMMAND.exec(line)
    return match !== null && !inFlight.sentCommand(match[1] as string)
  }

  /** Replies that are not flow control go to the oldest line's collected replies; false: not flow-control traffic. */
  function collect(line: string): false {
    inFlight.head?.replies?.push(line)
    return false
  }

  return {
    ackHead,
    /** Feeds one classified reply; returns true when it was flow-control traffic. */
    handleReply(reply: Reply, line: string): boolean {
      resendOk.reply(reply.kind)
      switch (reply.kind) {
        case 'ok':
          onOk(reply, line)
          break
        case 'resend':
          onResend(reply.lineNumber)
          break
        case 'wait':
          if (!deps.profile().waitIsOk || inFlight.length === 0) return true
          stats.waitsAsOk++
          ackHead(null)
          break
        case 'busy':
          deps.watchdog.busy()
          return true
        case 'error':
          if (reply.severity === 'line') {
            stats.checksumErrors++
            policy.lineError(isSequenceError(reply.message))
          }
          if (reply.severity !== 'recoverable') return collect(line)
          ackHead(line)
          break
        case 'echo':
          if (isForeignUnknownCommand(line)) {
            // The firmware ran a fragment it received (the tail of a line cut by its receive-buffer drain):
            // the ok it prints next is for that fragment, not for one of our lines.
            stats.fragmentsRun++
            inFlight.expectForeignOk('ok after a fragment', clock.now())
          }
          return collect(line)
        default:
          return collect(line)
      }
      deps.pump()
      return true
    },
    /** Forgets a pending wait for the ok after a resend and a pending resync. */
    cancel(): void {
      resendOk.cancel()
      resync.clear()
    },
  }
}
