// Print job controls: start (pre-scan, line reset, feed), pause, resume and cancel, one at a time; owns the running job.

import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { TypedEmitter } from '../core/events.js'
import type { ArcFitOptions } from '../protocol/arc-fit.js'
import type { HostKeepalive } from './host-keepalive.js'
import { createLineSource, type JobLine, type LineSourceOptions } from './line-source.js'
import type { LinkSender } from './link-sender.js'
import type { LinkState } from './link-state.js'
import { prescanFile } from './prescan.js'
import { createPrintJob, type JobPrinter, type PrintJob } from './print-job.js'
import { createRecoveryJournal } from './recovery-journal.js'
import { readFirmwareResumeLine } from './firmware-resume.js'
import type { LinkEvent } from './state.js'
import type { PrinterEvents, PrinterService, PrinterState, Temperatures } from './types.js'

/** What the controls need of the link: the sender while it is up, and what the firmware said about itself. */
export interface JobLink extends JobPrinter {
  /** The sender of a link that is up; throws PRINTER_NOT_CONNECTED otherwise. */
  requireSender(): LinkSender
  /** Whether `sender` is still the open link's (not closed or reopened while a control awaited the printer). */
  owns(sender: LinkSender): boolean
}

export interface JobControlDeps {
  clock: Clock
  events: TypedEmitter<PrinterEvents>
  options: { prefetchLines?: number; progressIntervalMs?: number; recoveryDir?: string; arcFitting?: ArcFitOptions }
  /** Where a failed journal write is reported (the print goes on). */
  warn?(message: string, error: Error): void
  state: Pick<LinkState, 'current' | 'apply'>
  link: JobLink
  readings: { temperatures(): Temperatures | null }
  /** The firmware's offer to continue a print it saved at a power cut (Prusa power panic). */
  firmwareRecovery?: Pick<HostKeepalive, 'offer' | 'clear'>
}

export type JobControls = Pick<PrinterService, 'startPrint' | 'pause' | 'resume' | 'cancel'> & {
  /** The running print, if any. */
  current(): PrintJob | null
}

/** Pause and resume: the state each starts from, the refusal from any other, the job's step, and what follows it. */
interface PauseOrResume {
  from: PrinterState
  refusal(): GatewayError
  run(running: PrintJob): Promise<void>
  event: LinkEvent
  emits: 'printer:job_paused' | 'printer:job_resumed'
}

const PAUSE: PauseOrResume = {
  from: 'printing',
  refusal: () => new GatewayError('PRINTER_NOT_PRINTING'),
  run: (running) => running.pause(),
  event: 'paused',
  emits: 'printer:job_paused',
}

const RESUME: PauseOrResume = {
  from: 'paused',
  refusal: () => new GatewayError('JOB_INVALID_TRANSITION', 'The print is not paused'),
  run: (running) => running.resume(),
  event: 'resumed',
  emits: 'printer:job_resumed',
}

export function createJobControls(deps: JobControlDeps): JobControls {
  const { state, link } = deps
  let job: PrintJob | null = null
  let controlBusy = false

  /** The link was closed, reopened or left `operational` while the control awaited the printer. */
  const checkStillOperational = (s: LinkSender): void => {
    if (!link.owns(s) || state.current !== 'operational') throw new GatewayError('PRINTER_NOT_CONNECTED')
  }

  /** Lets the printer continue a print it saved itself (Prusa), or stops that print when another one starts. */
  async function settleFirmwareRecovery(s: LinkSender, path: string): Promise<void> {
    const savedLine = await readFirmwareResumeLine(path)
    const offer = deps.firmwareRecovery?.offer() ?? null
    if (savedLine !== null) {
      // The printer restores its own state: M602 reheats, returns over the part and asks for line savedLine+1.
      if (offer?.line !== savedLine)
        throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The printer no longer offers to continue this print itself; resume from a layer instead')
      s.continueNumbering(savedLine)
      const resumed = await s.enqueue('M602', { unnumbered: true, barrier: true })
      deps.firmwareRecovery?.clear()
      if (!resumed.some((l) => /^\/\/\s*action:\s*resumed/.test(l)))
        throw new GatewayError('RECOVERY_NOT_AVAILABLE', `The printer did not resume its saved print (it answered: ${resumed.join(' | ')})`)
      checkStillOperational(s)
    } else if (offer) {
      // Another print (or printgate's own resume) instead: stop the print the printer kept, as Prusa's own host does when it cannot use it.
      await s.enqueue('M603')
      deps.firmwareRecovery?.clear()
      checkStillOperational(s)
    }
  }

  function createJob(s: LinkSender, jobId: string, path: string, scan: { commandLines: number; bytes: number }): PrintJob {
    const { recoveryDir, progressIntervalMs } = deps.options
    const journal = recoveryDir
      ? createRecoveryJournal(
          { jobId, path, bytesTotal: scan.bytes },
          { dir: recoveryDir, clock: deps.clock, onError: (error) => deps.warn?.('power-loss journal write failed', error) },
        )
      : null
    const running: PrintJob = createPrintJob(
      { jobId, linesTotal: scan.commandLines, bytesTotal: scan.bytes },
      {
        clock: deps.clock,
        sender: s,
        source: createLineSource(path, lineSourceOptions(deps.options, link.capabilities())),
        printer: link,
        readings: deps.readings,
        onProgress: (progress) => deps.events.emit('printer:progress', progress),
        ...(journal ? { onConfirmed: (line: JobLine, n: number | null) => journal.confirmed(line, n) } : {}),
        onEnded: (result) => {
          void journal?.finish(result.outcome === 'interrupted')
          if (job === running) job = null
          state.apply('job_ended')
          deps.events.emit('printer:job_ended', result)
        },
        ...(progressIntervalMs !== undefined ? { progressIntervalMs } : {}),
      },
    )
    return running
  }

  /** Pauses or resumes the running print, one at a time. */
  async function pauseOrResume(step: PauseOrResume): Promise<void> {
    link.requireSender()
    const running = job
    if (state.current !== step.from || !running) throw step.refusal()
    if (controlBusy) throw new GatewayError('JOB_INVALID_TRANSITION', 'Another pause or resume is in progress')
    controlBusy = true
    try {
      await step.run(running)
      if (job === running) {
        state.apply(step.event)
        deps.events.emit(step.emits, { jobId: running.jobId })
      }
    } finally {
      controlBusy = false
    }
  }

  return {
    current: () => job,
    async startPrint({ jobId, path, allowFirmwareCommands }) {
      const s = link.requireSender()
      if (state.current !== 'operational' || job || controlBusy) throw new GatewayError('PRINTER_BUSY', 'A print is already running')
      controlBusy = true
      try {
        const scan = await prescanFile(path, link.profile(), { allowFirmwareCommands: allowFirmwareCommands === true })
        if (state.current !== 'operational') throw new GatewayError('PRINTER_NOT_CONNECTED')
        await settleFirmwareRecovery(s, path)
        const resetReply = await s.resetLineNumbers()
        checkStillOperational(s)
        const profile = link.profile()
        if (profile.lineNumbers.resetForm !== 'none' && profile.checksum !== 'never' && !resetReply.some((l) => l.startsWith('ok')))
          throw new GatewayError('PRINTER_TIMEOUT', 'The printer did not acknowledge the line-number reset; the print was not started')
        const running = createJob(s, jobId, path, scan)
        s.stats.newJob()
        job = running
        state.apply('print_started')
        deps.events.emit('printer:job_started', { jobId })
        s.pump()
        return { done: running.done }
      } finally {
        controlBusy = false
      }
    },
    pause: () => pauseOrResume(PAUSE),
    resume: () => pauseOrResume(RESUME),
    async cancel() {
      link.requireSender()
      if (!job) throw new GatewayError('PRINTER_NOT_PRINTING')
      await job.cancel()
    },
  }
}

/** Arc fitting only when the user enabled it and the firmware reported `Cap:ARCS:1`. */
function lineSourceOptions(options: JobControlDeps['options'], capabilities: Record<string, boolean>): LineSourceOptions {
  const { prefetchLines, arcFitting } = options
  return {
    ...(prefetchLines !== undefined ? { prefetchLines } : {}),
    ...(arcFitting && capabilities.ARCS === true ? { arcFit: arcFitting } : {}),
  }
}
