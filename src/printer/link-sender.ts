// The line sender: flow control (ping-pong / character counting), ok accounting, go-back-N resends, timeouts.

import type { Clock } from '../core/clock.js'
import { GatewayError, type ErrorCode } from '../core/errors.js'
import { commandCode, commandTimeoutMs } from '../protocol/commands.js'
import { resetLine } from '../protocol/gcode-line.js'
import type { Reply } from '../protocol/reply.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { JobLine } from './line-source.js'
import { createConsoleTurn } from './console-turn.js'
import { createResendHistory } from './resend-history.js'
import { createSenderWatchdog } from './sender-watchdog.js'
import { createEntry, type SendEntry } from './send-entry.js'
import { createFlowWindow } from './flow-window.js'
import { createSenderStats } from './sender-stats.js'
import type { FlowMode } from './types.js'

const UNKNOWN_COMMAND = /^echo:\s*Unknown command:\s*"([^"]*)"/
/** Emergency commands the firmware also queues and answers with an ok (M112 kills instead). */
const URGENT_WITH_OK = new Set(['M108', 'M410', 'M876'])

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

export function createLinkSender(deps: SenderDeps) {
  const { clock } = deps
  const opts = deps.options ?? {}
  const historySize = opts.historySize ?? 64
  const loopLimit = opts.resendLoopLimit ?? 10
  const resendOkWaitMs = opts.resendOkWaitMs ?? 500
  const fallbackOnAnyResend = (opts.fallbackOn ?? 'any-resend') === 'any-resend'
  const stats = createSenderStats()

  const history = createResendHistory(historySize)
  let inFlight: SendEntry[] = []
  let replay: SendEntry[] = []
  const commands: SendEntry[] = []
  let held: { line: JobLine; entry: SendEntry } | null = null
  /** A console flood cannot starve a print, nor a print a console command. */
  const consoleTurn = createConsoleTurn()
  const consoleMustWait = (command: SendEntry): boolean => command.yieldsToJob && consoleTurn.mustWait(clock.now()) && jobLineReady()
  let resendLine = -1
  let resendStreak = 0
  let followOnBudget = 0
  /** Whether the error line before the resend request was a sequence error (true), a checksum error (false), or absent. */
  let sequenceError: boolean | null = null
  let awaitingResendOk = false
  let resendOkTimer: ReturnType<Clock['setTimeout']> | undefined

  const profile = () => deps.profile()
  const watchdog = createSenderWatchdog({ clock, profile, resendOkWaitMs })
  const flowWindow = createFlowWindow({ clock, profile, flowMode: deps.flowMode, fallbackMs: opts.fallbackMs ?? 60_000, ...(deps.onNotice ? { onNotice: deps.onNotice } : {}) })
  const realInFlight = () => {
    let count = 0
    for (const e of inFlight) if (e.kind !== 'phantom') count++
    return count
  }

  const fits = (entry: SendEntry): boolean => flowWindow.fits(entry.bytes, inFlight.length, realInFlight())

  function frame(entry: SendEntry): void {
    if (deps.numbered()) history.frame(entry)
  }

  function transmit(entry: SendEntry): void {
    history.sent(entry)
    entry.sentAt = clock.now()
    if (inFlight.length === 0) watchdog.progress(entry.sentAt)
    inFlight.push(entry)
    flowWindow.sent(entry.bytes)
    stats.lineSent(entry.bytes)
    deps.write(entry.wire)
  }

  function needsReset(): boolean {
    return deps.numbered() && history.next > profile().lineNumbers.resetEvery && !commands.some((c) => c.kind === 'reset')
  }

  function queueReset(first: boolean, timeoutMs?: number): Promise<string[]> {
    const form = profile().lineNumbers.resetForm
    const wire = deps.numbered() ? resetLine(0, form) : null
    return new Promise((resolve, reject) => {
      const entry = createEntry('reset', wire ?? '', { barrier: true, resolve, reject, timeoutMs: timeoutMs ?? profile().timeouts.communicationMs })
      entry.wire = wire ?? ''
      entry.bytes = entry.wire.length + 1
      if (first) commands.unshift(entry)
      else commands.push(entry)
      pump()
    })
  }

  /** Pulls the next job line into `held` when there is none; true when a job line waits to be sent. */
  function jobLineReady(): boolean {
    if (held) return true
    const line = deps.pullJobLine()
    if (!line) return false
    held = { line, entry: createEntry('job', line.command, { job: line, timeoutMs: timeoutFor(line.command) }) }
    return true
  }

  /** Sends as much as the flow mode allows. */
  function pump(): void {
    for (;;) {
      const head = inFlight[0]
      if (head?.barrier && head.kind !== 'phantom') return
      if (replay.length > 0) {
        const entry = replay[0] as SendEntry
        if (!fits(entry)) return
        replay.shift()
        transmit(entry)
        continue
      }
      if (needsReset()) queueReset(true).catch(() => undefined)
      const command = commands[0]
      if (command && !consoleMustWait(command)) {
        if (command.barrier ? inFlight.length > 0 : !fits(command)) return
        commands.shift()
        if (command.yieldsToJob) consoleTurn.consoleSent(clock.now())
        if (command.kind === 'reset') {
          if (command.wire === '') {
            command.resolve?.([])
            continue
          }
          resetNumbering()
          command.n = command.wire.startsWith('N') ? 0 : null
        } else if (!command.unnumbered) frame(command)
        transmit(command)
        continue
      }
      if (!held && !jobLineReady()) return
      if (held!.entry.n !== history.next) frame(held!.entry)
      if (!fits(held!.entry)) return
      const entry = held!.entry
      held = null
      consoleTurn.jobLineSent()
      transmit(entry)
    }
  }

  function resetNumbering(): void {
    history.reset()
    resendLine = -1
    resendStreak = 0
    followOnBudget = 0
  }

  function timeoutFor(command: string): number {
    const base = commandTimeoutMs(command, profile())
    const ordinary = profile().timeouts.communicationMs
    return base === ordinary && opts.okTimeoutMs !== undefined ? opts.okTimeoutMs : base
  }

  function ack(entry: SendEntry, okLine: string | null): void {
    flowWindow.left(entry.bytes)
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
    if (entry.n !== null && entry.n >= resendLine) followOnBudget = 0
  }

  function ackHead(okLine: string | null): void {
    const entry = inFlight.shift()
    if (entry) ack(entry, okLine)
  }

  /** An ok that belongs to no line in flight: something we did not send ran (or an ok was doubled). */
  function strayOk(why: string): void {
    stats.strayOks++
    anomaly(why)
  }

  function onOk(reply: Extract<Reply, { kind: 'ok' }>, line: string): void {
    watchdog.ok()
    if (inFlight.length === 0) return strayOk(`"${line}" with no line in flight`)
    const n = reply.lineNumber
    const head = inFlight[0] as SendEntry
    if (n !== null && deps.numbered()) {
      const index = inFlight.findIndex((e) => e.n === n)
      if (index >= 0) {
        const acked = inFlight.slice(0, index + 1)
        inFlight = inFlight.slice(index + 1)
        for (let i = 0; i < acked.length; i++) ack(acked[i] as SendEntry, i === index ? line : null)
      } else if (head.kind === 'phantom') ackHead(line)
      else strayOk(`"${line}" does not advance (in flight: ${inFlight.map((e) => e.n ?? e.kind).join(',')})`)
    } else if (n === null && reply.bufferFree !== null && deps.numbered() && head.n !== null && head.kind !== 'phantom') {
      // ADVANCED_OK names the line it answers whenever that line carried a number: this one answers an unnumbered line.
      strayOk(`"${line}" answers an unnumbered line while line ${head.n} is in flight`)
    } else ackHead(line)
    if (reply.bufferFree !== null) flowWindow.slotsFree(realInFlight(), reply.bufferFree)
  }

  function addPhantom(): void {
    const mode = profile().okAfterResend
    if (mode === 'never') return
    // Marlin prints this ok right after `Resend:`, before the oks of older lines still executing.
    inFlight.unshift(createEntry('phantom', 'ok after resend', { bytes: 0, sentAt: clock.now() }))
    if (mode === 'detect') {
      awaitingResendOk = true
      clock.clearTimeout(resendOkTimer)
      resendOkTimer = clock.setTimeout(synthesiseResendOk, resendOkWaitMs)
    }
  }

  function synthesiseResendOk(): void {
    if (!awaitingResendOk) return
    awaitingResendOk = false
    clock.clearTimeout(resendOkTimer)
    for (let i = 0; i < inFlight.length; i++) {
      if (inFlight[i]?.kind === 'phantom') {
        inFlight.splice(i, 1)
        stats.synthesisedOks++
        break
      }
    }
    pump()
  }

  /** Marlin echoes the command exactly as it parsed it (number skipped, cut at `*`): anything else is not ours. */
  function isForeignUnknownCommand(line: string): boolean {
    const match = UNKNOWN_COMMAND.exec(line)
    if (!match) return false
    const text = match[1] as string
    return !inFlight.some((e) => e.kind !== 'phantom' && e.command === text)
  }

  function anomaly(why: string): void {
    stats.anomalies++
    flowWindow.anomaly(why)
  }

  function onResend(r: number): void {
    stats.resends++
    watchdog.progress()
    if (!deps.numbered()) return
    const wasSequenceError = sequenceError
    sequenceError = null
    // A follow-on is a line that was already in flight when the first request came: the firmware reports it
    // as out of sequence. A checksum error on the same line is our re-sent line damaged again: not a follow-on.
    if (r === resendLine && followOnBudget > 0 && wasSequenceError !== false) {
      followOnBudget--
      stats.followOnsIgnored++
      addPhantom()
      return
    }
    resendStreak = r === resendLine ? resendStreak + 1 : 1
    resendLine = r
    if (fallbackOnAnyResend && inFlight.length > 1) anomaly(`resend of line ${r} with ${inFlight.length} lines in flight`)
    if (resendStreak >= 5) anomaly(`line ${r} requested ${resendStreak} times`)
    if (resendStreak >= loopLimit) return deps.onFailure('RESEND_LOOP', `The printer requested line ${r} ${resendStreak} times in a row`)
    const pendingReset = inFlight.findIndex((e) => e.kind === 'reset')
    if (pendingReset >= 0) {
      // Our line-number reset itself was damaged: the firmware still counts from before it. Send it again.
      const reset = inFlight.splice(pendingReset, 1)[0] as SendEntry
      flowWindow.left(reset.bytes)
      replay = [reset]
      addPhantom()
      return
    }
    if (r > history.highestSent) {
      if (r > history.highestSent + 1) anomaly(`resend of line ${r}, beyond the last sent line ${history.highestSent}`)
      addPhantom()
      return
    }
    if (!history.get(r))
      return deps.onFailure('RESEND_HISTORY_EXHAUSTED', `The printer requested line ${r}, older than the ${historySize} lines kept`)
    const oldestInFlight = inFlight.find((e) => e.n !== null)
    if (!oldestInFlight || (oldestInFlight.n as number) > r) anomaly(`resend of line ${r}, which was already acknowledged (in flight: ${inFlight.map((e) => e.n ?? e.kind).join(',')})`)
    const kept: SendEntry[] = []
    let dropped = 0
    for (const entry of inFlight) {
      if (entry.n !== null && entry.n >= r) {
        flowWindow.left(entry.bytes)
        if (entry.n > r) dropped++
      } else kept.push(entry)
    }
    inFlight = kept
    followOnBudget = dropped
    const lines = history.replayFrom(r)
    if (!Array.isArray(lines)) return deps.onFailure('RESEND_HISTORY_EXHAUSTED', `Line ${lines.missing} is no longer in the resend history`)
    for (const entry of lines) if (entry.replies) entry.replies.length = 0
    replay = lines
    addPhantom()
  }

  return {
    stats,
    effectiveMode: flowWindow.effectiveMode,
    /** Feeds one classified reply; returns true when it was flow-control traffic. */
    handleReply(reply: Reply, line: string): boolean {
      if (awaitingResendOk && reply.kind !== 'ok' && reply.kind !== 'resend') synthesiseResendOk()
      else if (awaitingResendOk && reply.kind === 'ok') {
        awaitingResendOk = false
        clock.clearTimeout(resendOkTimer)
      }
      switch (reply.kind) {
        case 'ok':
          onOk(reply, line)
          break
        case 'resend':
          onResend(reply.lineNumber)
          break
        case 'wait':
          if (!profile().waitIsOk || inFlight.length === 0) return true
          stats.waitsAsOk++
          ackHead(null)
          break
        case 'busy':
          watchdog.busy()
          return true
        case 'error':
          if (reply.severity === 'line') {
            stats.checksumErrors++
            sequenceError = /line number is not/i.test(reply.message)
          }
          if (reply.severity !== 'recoverable') {
            inFlight[0]?.replies?.push(line)
            return false
          }
          ackHead(line)
          break
        case 'echo':
          if (isForeignUnknownCommand(line)) {
            // The firmware ran a fragment it received (the tail of a line cut by its receive-buffer drain):
            // the ok it prints next is for that fragment, not for one of our lines.
            stats.fragmentsRun++
            inFlight.unshift(createEntry('phantom', 'ok after a fragment', { bytes: 0, sentAt: clock.now() }))
          }
          inFlight[0]?.replies?.push(line)
          return false
        default:
          inFlight[0]?.replies?.push(line)
          return false
      }
      pump()
      return true
    },
    /** Queues a command between job lines; resolves with its reply lines up to its ok. */
    enqueue(command: string, options: { barrier?: boolean; yieldToJob?: boolean; unnumbered?: boolean } = {}): Promise<string[]> {
      return new Promise((resolve, reject) => {
        commands.push(
          createEntry('command', command, {
            barrier: options.barrier ?? false,
            yieldsToJob: options.yieldToJob ?? false,
            unnumbered: options.unnumbered ?? false,
            replies: [],
            resolve,
            reject,
            timeoutMs: timeoutFor(command),
          })
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
      const code = commandCode(text)
      if (code !== null && URGENT_WITH_OK.has(code)) {
        const entry = createEntry('urgent', text, { sentAt: clock.now(), timeoutMs: profile().timeouts.communicationMs })
        if (inFlight.length === 0) watchdog.progress(entry.sentAt)
        inFlight.push(entry)
        flowWindow.sent(entry.bytes)
      }
      deps.write(text)
    },
    pump,
    inFlightCount: () => inFlight.length,
    /** Whether a line in flight is one of these commands (by code), e.g. a heater wait. */
    waitingOn: (codes: ReadonlySet<string>) => inFlight.some((e) => codes.has(commandCode(e.command) ?? '')),
    queuedCount: () => commands.length + replay.length + (held ? 1 : 0),
    idle: () => inFlight.length === 0 && commands.length === 0 && replay.length === 0 && !held,
    /** Watchdog: call periodically; ends in onFailure after too many consecutive timeouts. */
    tick(): void {
      // A console command whose turn came by time alone goes now, not at the next acknowledgement.
      if (commands[0]?.yieldsToJob) pump()
      const oldest = inFlight[0]
      if (!oldest) return
      const consecutiveTimeouts = watchdog.check(oldest)
      if (consecutiveTimeouts === null) return
      stats.timeouts++
      if (consecutiveTimeouts >= profile().timeouts.consecutiveLimit) {
        return deps.onFailure('PRINTER_TIMEOUT', `No answer from the printer after ${consecutiveTimeouts} consecutive timeouts (waiting for "${oldest.command}")`)
      }
      ackHead(null)
      pump()
    },
    /** Forgets everything queued and in flight; pending commands reject with `error`. */
    abort(error: GatewayError): void {
      const pending = [...inFlight, ...replay, ...commands]
      inFlight = []
      replay = []
      commands.length = 0
      held = null
      flowWindow.clear()
      awaitingResendOk = false
      clock.clearTimeout(resendOkTimer)
      for (const entry of new Set(pending)) if (entry.kind !== 'job') entry.reject?.(error)
    },
    /** Drops the job line held back by the window (cancel, pause). */
    dropHeldJobLine(): JobLine | null {
      const line = held?.line ?? null
      held = null
      return line
    },
    /** The job lines sent but not yet confirmed, oldest first. */
    jobLinesInFlight(): JobLine[] {
      const lines = [...inFlight, ...replay].filter((e) => e.job).map((e) => e.job as JobLine)
      if (held) lines.push(held.line)
      return lines
    },
  }
}
