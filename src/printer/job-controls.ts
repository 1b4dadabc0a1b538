// Print job controls: start (pre-scan, line reset, feed), pause, resume and cancel, one at a time.

import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { TypedEmitter } from '../core/events.js'
import type { ArcFitOptions } from '../protocol/arc-fit.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import { createLineSource, type JobLine, type LineSourceOptions } from './line-source.js'
import type { LinkSender } from './link-sender.js'
import { prescanFile } from './prescan.js'
import { createPrintJob, type PrintJob } from './print-job.js'
import { createRecoveryJournal } from './recovery-journal.js'
import { readFirmwareResumeLine } from './firmware-resume.js'
import type { LinkEvent } from './state.js'
import type { FirmwareRecoveryOffer, PrinterEvents, PrinterService, PrinterState, Temperatures } from './types.js'

export interface JobControlContext {
  clock: Clock
  events: TypedEmitter<PrinterEvents>
  options: { prefetchLines?: number; progressIntervalMs?: number; recoveryDir?: string; arcFitting?: ArcFitOptions }
  /** Where a failed journal write is reported (the print goes on). */
  warn?(message: string, error: Error): void
  state(): PrinterState
  setState(event: LinkEvent): void
  profile(): FirmwareProfile
  temperatures(): Temperatures | null
  /** The firmware's M115 capabilities (`Cap:EMERGENCY_PARSER:1` → EMERGENCY_PARSER: true). */
  capabilities(): Record<string, boolean>
  /** The sender of a link that is up; throws PRINTER_NOT_CONNECTED otherwise. */
  requireLink(): LinkSender
  sender(): LinkSender | null
  job(): PrintJob | null
  setJob(job: PrintJob | null): void
  /** The firmware's offer to continue a print it saved at a power cut (Prusa power panic). */
  firmwareRecovery?(): FirmwareRecoveryOffer | null
  clearFirmwareRecovery?(): void
}

export type JobControls = Pick<PrinterService, 'startPrint' | 'pause' | 'resume' | 'cancel'>

export function createJobControls(ctx: JobControlContext): JobControls {
  let controlBusy = false
  return {
    async startPrint({ jobId, path, allowFirmwareCommands }) {
      const s = ctx.requireLink()
      if (ctx.state() !== 'operational' || ctx.job() || controlBusy) throw new GatewayError('PRINTER_BUSY', 'A print is already running')
      controlBusy = true
      try {
        const scan = await prescanFile(path, ctx.profile(), { allowFirmwareCommands: allowFirmwareCommands === true })
        if (ctx.state() !== 'operational') throw new GatewayError('PRINTER_NOT_CONNECTED')
        const savedLine = await readFirmwareResumeLine(path)
        if (savedLine !== null) {
          // The printer restores its own state: M602 reheats, returns over the part and asks for line savedLine+1.
          if (ctx.firmwareRecovery?.()?.line !== savedLine)
            throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The printer no longer offers to continue this print itself; resume from a layer instead')
          s.continueNumbering(savedLine)
          const resumed = await s.enqueue('M602', { unnumbered: true, barrier: true })
          ctx.clearFirmwareRecovery?.()
          if (!resumed.some((l) => /^\/\/\s*action:\s*resumed/.test(l)))
            throw new GatewayError('RECOVERY_NOT_AVAILABLE', `The printer did not resume its saved print (it answered: ${resumed.join(' | ')})`)
          if (s !== ctx.sender() || ctx.state() !== 'operational') throw new GatewayError('PRINTER_NOT_CONNECTED')
        } else if (ctx.firmwareRecovery?.()) {
          // Another print (or printgate's own resume) instead: stop the print the printer kept, as Prusa's own host does when it cannot use it.
          await s.enqueue('M603')
          ctx.clearFirmwareRecovery?.()
          if (s !== ctx.sender() || ctx.state() !== 'operational') throw new GatewayError('PRINTER_NOT_CONNECTED')
        }
        const resetReply = await s.resetLineNumbers()
        if (s !== ctx.sender() || ctx.state() !== 'operational') throw new GatewayError('PRINTER_NOT_CONNECTED')
        const profile = ctx.profile()
        if (profile.lineNumbers.resetForm !== 'none' && profile.checksum !== 'never' && !resetReply.some((l) => l.startsWith('ok')))
          throw new GatewayError('PRINTER_TIMEOUT', 'The printer did not acknowledge the line-number reset; the print was not started')
        const recoveryDir = ctx.options.recoveryDir
        const journal = recoveryDir
          ? createRecoveryJournal({ jobId, path, bytesTotal: scan.bytes }, { dir: recoveryDir, clock: ctx.clock, onError: (error) => ctx.warn?.('power-loss journal write failed', error) })
          : null
        const running = createPrintJob(
          { jobId, linesTotal: scan.commandLines, bytesTotal: scan.bytes },
          {
            clock: ctx.clock,
            sender: s,
            source: createLineSource(path, lineSourceOptions(ctx)),
            profile: ctx.profile,
            temperatures: ctx.temperatures,
            emergencyParser: () => ctx.capabilities().EMERGENCY_PARSER === true,
            onProgress: (progress) => ctx.events.emit('printer:progress', progress),
            ...(journal ? { onConfirmed: (line: JobLine, n: number | null) => journal.confirmed(line, n) } : {}),
            onEnded: (result) => {
              void journal?.finish(result.outcome === 'interrupted')
              if (ctx.job() === running) ctx.setJob(null)
              ctx.setState('job_ended')
              ctx.events.emit('printer:job_ended', result)
            },
            ...(ctx.options.progressIntervalMs !== undefined ? { progressIntervalMs: ctx.options.progressIntervalMs } : {}),
          }
        )
        ctx.setJob(running)
        ctx.setState('print_started')
        ctx.events.emit('printer:job_started', { jobId })
        s.pump()
        return { done: running.done }
      } finally {
        controlBusy = false
      }
    },
    async pause() {
      ctx.requireLink()
      const running = ctx.job()
      if (ctx.state() !== 'printing' || !running) throw new GatewayError('PRINTER_NOT_PRINTING')
      if (controlBusy) throw new GatewayError('JOB_INVALID_TRANSITION', 'Another pause or resume is in progress')
      controlBusy = true
      try {
        await running.pause()
        if (ctx.job() !== running) return
        ctx.setState('paused')
        ctx.events.emit('printer:job_paused', { jobId: running.jobId })
      } finally {
        controlBusy = false
      }
    },
    async resume() {
      ctx.requireLink()
      const running = ctx.job()
      if (ctx.state() !== 'paused' || !running) throw new GatewayError('JOB_INVALID_TRANSITION', 'The print is not paused')
      if (controlBusy) throw new GatewayError('JOB_INVALID_TRANSITION', 'Another pause or resume is in progress')
      controlBusy = true
      try {
        await running.resume()
        if (ctx.job() !== running) return
        ctx.setState('resumed')
        ctx.events.emit('printer:job_resumed', { jobId: running.jobId })
      } finally {
        controlBusy = false
      }
    },
    async cancel() {
      ctx.requireLink()
      const running = ctx.job()
      if (!running) throw new GatewayError('PRINTER_NOT_PRINTING')
      await running.cancel()
    }
  }
}

/** Arc fitting only when the user enabled it and the firmware reported `Cap:ARCS:1`. */
function lineSourceOptions(ctx: JobControlContext): LineSourceOptions {
  const { prefetchLines, arcFitting } = ctx.options
  return {
    ...(prefetchLines !== undefined ? { prefetchLines } : {}),
    ...(arcFitting && ctx.capabilities().ARCS === true ? { arcFit: arcFitting } : {}),
  }
}
