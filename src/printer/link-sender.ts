// The line sender: feeds the wire as the flow mode allows (ping-pong / character counting) and keeps the in-flight
// ledger; replies are read by sender-replies.ts, timeouts judged by sender-watchdog.ts.

import type { Clock } from '../core/clock.js'
import type { ErrorCode, GatewayError } from '../core/errors.js'
import { commandCode, commandTimeoutMs } from '../protocol/commands.js'
import { resetLine } from '../protocol/gcode-line.js'
import type { Reply } from '../protocol/reply.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { JobLine } from './line-source.js'
import { createFlowWindow } from './flow-window.js'
import { createInFlight } from './in-flight.js'
import { createOutbox } from './outbox.js'
import { createResendHistory } from './resend-history.js'
import { createResendPolicy } from './resend-policy.js'
import { createEntry, type SendEntry } from './send-entry.js'
import { createSenderReplies } from './sender-replies.js'
import { createSenderStats } from './sender-stats.js'
import { createSenderWatchdog } from './sender-watchdog.js'
import type { FlowMode } from './types.js'
import { urgentEntry } from './urgent-entry.js'

export { CONSOLE_TURN_MS, JOB_LINES_PER_CONSOLE_COMMAND } from './console-turn.js'

export interface SenderOptions {
  /** Sent lines kept for resends (≥ 2× the largest window). */
  historySize?: number
  /** The same line requested this many times in a row ends the job (RESEND_LOOP). */
  resendLoopLimit?: number
  /** How long buffered mode falls back to ping-pong after a resend anomaly or a timeout. */
  fallbackMs?: number
  /**
   * When buffered mode drops to one line in flight: after `any-resend` (default; a line error makes Marlin drain
   * its receive buffer, which can cut a pipelined line whose tail then runs unnumbered) or only after `anomaly`.
   */
  fallbackOn?: 'any-resend' | 'anomaly'
  /** Replaces the profile's communication timeout for ordinary commands (tests, benchmarks). */
  okTimeoutMs?: number
  /** With okAfterResend `detect`: how long to wait for the ok that should follow a resend request. */
  resendOkWaitMs?: number
  /** Replaces the profile's `lineNumbers.resyncBeforeReplay` (tests). */
  resyncBeforeReplay?: boolean
}

export interface SenderDeps {
  clock: Clock
  write(wire: string): void
  profile(): FirmwareProfile
  /** Whether lines carry `N…*cs` (false for firmware that ignores numbers). */
  numbered(): boolean
  flowMode(): FlowMode
  /** The next job line when the job may feed; null when paused, idle or waiting for the disk. */
  pullJobLine(): JobLine | null
  /** `n` is the line number it went under (null when unnumbered). */
  onJobLineConfirmed(line: JobLine, n: number | null): void
  /** The link cannot continue safely (resend loop, history exhausted, consecutive timeouts). */
  onFailure(code: ErrorCode, reason: string): void
  onNotice?(message: string): void
  options?: SenderOptions
}

export type LinkSender = ReturnType<typeof createLinkSender>

/** A command's ok timeout; `okTimeoutMs` replaces the profile's for ordinary commands. */
function okTimeoutFor(command: string, profile: FirmwareProfile, okTimeoutMs: number | undefined): number {
  const base = commandTimeoutMs(command, profile)
  return base === profile.timeouts.communicationMs && okTimeoutMs !== undefined ? okTimeoutMs : base
}

export function createLinkSender(deps: SenderDeps) {
  const { clock, profile, numbered } = deps
  const opts = deps.options ?? {}
  const historySize = opts.historySize ?? 64
  const resendOkWaitMs = opts.resendOkWaitMs ?? 500
  const timeoutFor = (command: string): number => okTimeoutFor(command, profile(), opts.okTimeoutMs)
  const stats = createSenderStats()
  const history = createResendHistory(historySize)
  const policy = createResendPolicy(opts.resendLoopLimit ?? 10)
  const watchdog = createSenderWatchdog({ clock, profile, resendOkWaitMs })
  const flowWindow = createFlowWindow({
    clock,
    profile,
    flowMode: deps.flowMode,
    fallbackMs: opts.fallbackMs ?? 60_000,
    ...(deps.onNotice ? { onNotice: deps.onNotice } : {}),
  })
  const inFlight = createInFlight(flowWindow)
  const outbox = createOutbox({ clock, pullJobLine: deps.pullJobLine, timeoutFor })
  const replies = createSenderReplies({
    clock,
    profile,
    numbered,
    stats,
    inFlight,
    outbox,
    history,
    historySize,
    policy,
    flowWindow,
    watchdog,
    fallbackOnAnyResend: (opts.fallbackOn ?? 'any-resend') === 'any-resend',
    resendOkWaitMs,
    resync: () => opts.resyncBeforeReplay ?? profile().lineNumbers.resyncBeforeReplay,
    timeoutFor,
    pump,
    onJobLineConfirmed: deps.onJobLineConfirmed,
    onFailure: deps.onFailure,
  })

  const fits = (entry: SendEntry): boolean => flowWindow.fits(entry.bytes, inFlight.length, inFlight.realCount())

  // When the last ordinary job line went; null after a long command (G28, M109 …) or a barrier, whose wait is intended.
  let lastJobLineAt: number | null = null

  function noteSendGap(entry: SendEntry): void {
    if (entry.kind === 'job') {
      if (lastJobLineAt !== null) stats.longestSendGapMs = Math.max(stats.longestSendGapMs, entry.sentAt - lastJobLineAt)
      lastJobLineAt = entry.timeoutMs === (opts.okTimeoutMs ?? profile().timeouts.communicationMs) ? entry.sentAt : null
    } else if (entry.barrier) lastJobLineAt = null
  }

  function goesOnWire(entry: SendEntry): void {
    if (inFlight.length === 0) watchdog.progress(entry.sentAt)
    inFlight.push(entry)
  }

  function transmit(entry: SendEntry): void {
    history.sent(entry)
    entry.sentAt = clock.now()
    noteSendGap(entry)
    goesOnWire(entry)
    stats.lineSent(entry.bytes)
    deps.write(entry.wire)
  }

  function frame(entry: SendEntry): void {
    if (numbered()) history.frame(entry)
  }

  function resetNumbering(): void {
    history.reset()
    policy.reset()
  }

  function queueReset(first: boolean, timeoutMs?: number): Promise<string[]> {
    const wire = (numbered() ? resetLine(0, profile().lineNumbers.resetForm) : null) ?? ''
    return new Promise((resolve, reject) => {
      const entry = createEntry('reset', wire, { barrier: true, resolve, reject, timeoutMs: timeoutMs ?? profile().timeouts.communicationMs })
      outbox.queue(entry, first)
      pump()
    })
  }

  /** Sends a queued command; a reset with nothing to send (unnumbered link) resolves at once. */
  function sendCommand(command: SendEntry): void {
    if (command.kind === 'reset') {
      if (command.wire === '') return void command.resolve?.([])
      resetNumbering()
      command.n = command.wire.startsWith('N') ? 0 : null
    } else if (!command.unnumbered) frame(command)
    transmit(command)
  }

  /** Sends as much as the flow mode allows. */
  function pump(): void {
    for (;;) {
      if (inFlight.barrierSent()) return
      const replayed = outbox.nextReplay()
      if (replayed) {
        if (replayed.barrier ? inFlight.length > 0 : !fits(replayed)) return
        outbox.takeReplay()
        transmit(replayed)
        continue
      }
      if (numbered() && history.next > profile().lineNumbers.resetEvery && !outbox.hasReset()) queueReset(true).catch(() => undefined)
      const command = outbox.nextCommand()
      if (command) {
        if (command.barrier ? inFlight.length > 0 : !fits(command)) return
        outbox.takeCommand()
        sendCommand(command)
        continue
      }
      const job = outbox.nextJobEntry()
      if (!job) return
      if (job.n !== history.next) frame(job)
      if (!fits(job)) return
      outbox.takeJobEntry()
      transmit(job)
    }
  }

  return {
    stats,
    effectiveMode: flowWindow.effectiveMode,
    /** Feeds one classified reply; returns true when it was flow-control traffic. */
    handleReply: (reply: Reply, line: string): boolean => replies.handleReply(reply, line),
    /** Queues a command between job lines; resolves with its reply lines up to its ok. */
    enqueue(command: string, options: { barrier?: boolean; yieldToJob?: boolean; unnumbered?: boolean } = {}): Promise<string[]> {
      return new Promise((resolve, reject) => {
        const { barrier = false, yieldToJob = false, unnumbered = false } = options
        outbox.queue(
          createEntry('command', command, { barrier, yieldsToJob: yieldToJob, unnumbered, replies: [], resolve, reject, timeoutMs: timeoutFor(command) }),
        )
        pump()
      })
    },
    /**
     * The firmware already counts to `n` (Prusa's recovered host print): the next numbered line goes as `n + 1`,
     * and a `Resend: n+1` before it is answered by sending it. Only while nothing numbered is queued or in flight.
     */
    continueNumbering(n: number): void {
      resetNumbering()
      history.continueFrom(n)
    },
    /** Sets the firmware's line counter back (job start); waits for the window to drain first. */
    resetLineNumbers: (timeoutMs?: number) => queueReset(false, timeoutMs),
    /**
     * Writes a line at once, outside the queue and the window (emergency commands). The firmware still queues it
     * behind what is in flight and answers it with an ok (except M112), so it gets its own entry to absorb that ok.
     */
    writeUrgent(text: string): void {
      stats.lineSent(text.length + 1)
      const entry = urgentEntry(text, clock.now(), profile().timeouts.communicationMs)
      if (entry) goesOnWire(entry)
      deps.write(text)
    },
    pump,
    inFlightCount: () => inFlight.length,
    /** Whether a line in flight is one of these commands (by code), e.g. a heater wait. */
    waitingOn: (codes: ReadonlySet<string>) => inFlight.entries.some((e) => codes.has(commandCode(e.command) ?? '')),
    queuedCount: () => outbox.count(),
    idle: () => inFlight.length === 0 && outbox.count() === 0,
    /** Watchdog: call periodically; ends in onFailure after too many consecutive timeouts. */
    tick(): void {
      // A console command whose turn came by time alone goes now, not at the next acknowledgement.
      if (outbox.consoleWaiting()) pump()
      const oldest = inFlight.head
      if (!oldest) return
      const consecutiveTimeouts = watchdog.check(oldest)
      if (consecutiveTimeouts === null) return
      stats.timeouts++
      if (consecutiveTimeouts >= profile().timeouts.consecutiveLimit) {
        return deps.onFailure(
          'PRINTER_TIMEOUT',
          `No answer from the printer after ${consecutiveTimeouts} consecutive timeouts (waiting for "${oldest.command}")`,
        )
      }
      replies.ackHead(null)
      pump()
    },
    /** Forgets everything queued and in flight; pending commands reject with `error`. */
    abort(error: GatewayError): void {
      const pending = [...inFlight.clear(), ...outbox.clear()]
      replies.cancel()
      for (const entry of new Set(pending)) if (entry.kind !== 'job') entry.reject?.(error)
    },
    /** Drops the job line held back by the window (cancel, pause). */
    dropHeldJobLine: (): JobLine | null => outbox.dropHeldJobLine(),
    /** The job lines sent but not yet confirmed, oldest first. */
    jobLinesInFlight(): JobLine[] {
      const sent = inFlight.entries.filter((e) => e.job).map((e) => e.job as JobLine)
      return [...sent, ...outbox.jobLines()]
    },
  }
}
