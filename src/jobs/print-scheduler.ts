// One printer, one print: starts queued jobs in FIFO order, tracks the running print and records its end.
import { join } from 'node:path'
import type { Clock, TimerHandle } from '../core/clock.js'
import { isDiskFull } from '../core/disk-full.js'
import { isGatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { PrintProgress, PrintResult, PrinterService } from '../printer/types.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { KvRepo, QueueRepo } from '../storage/queue-repo.js'
import { awaitsConfirmation } from './print-gate.js'
import { overallProgress, remainingSeconds } from './progress.js'
import type { JobRecorder, LiveProgress } from './recorder.js'
import { FIRMWARE_COMMANDS_APPROVED, FIRMWARE_COMMANDS_KEY, type JobRecord, type StepRecord } from './types.js'

export interface PrintSchedulerDeps {
  jobs: JobsRepo
  queue: QueueRepo
  kv: KvRepo
  recorder: JobRecorder
  printer: PrinterService
  clock: Clock
  now: () => Date
  logger: Logger
  dataDir: string
  autoStart: boolean
  /** The owner's setting: files may change firmware settings without an admin starting them. */
  allowFirmwareCommandsInFiles?: boolean
  /** How often print progress is written to the database. */
  persistEveryMs?: number
}

export interface PrintScheduler {
  /** Starts the head of the queue when the printer is free, ready, and the bed is clear (or autoStart). */
  tryStartNext(): Promise<void>
  bedCleared(): Promise<void>
  isBedClear(): boolean
  activeJobId(): string | null
  live(jobId: string): LiveProgress | null
  /** Marks the job so its end is recorded as a shutdown interruption instead of a user cancel. */
  markShutdown(): void
  /** Waits for the running print's end to be recorded (or the timeout). */
  settle(timeoutMs: number): Promise<void>
  dispose(): void
}

const BED_CLEAR_KEY = 'bed_clear'

export function createPrintScheduler(deps: PrintSchedulerDeps): PrintScheduler {
  const { jobs, queue, kv, recorder, printer, clock, now, logger } = deps
  /** The running print: its job and steps as last recorded, kept in memory so progress needs no database reads. */
  let active: { jobId: string; job: JobRecord; steps: StepRecord[]; done: Promise<void> } | null = null
  let starting = false
  let shuttingDown = false
  let latest: { jobId: string; progress: PrintProgress } | null = null
  let persistTimer: TimerHandle | undefined
  const bedClear = () => kv.get(BED_CLEAR_KEY) !== 'false'

  const liveOf = (job: JobRecord, p: PrintProgress): LiveProgress => ({
    percent: p.percent,
    layer: p.layer,
    layerCount: job.layerCount,
    z: p.z,
    etaSeconds: remainingSeconds(p.percent, p.elapsedMs, job.estimatedSeconds),
    elapsedMs: p.elapsedMs,
  })

  // Progress rows a full disk refused since the last one that was written (the print goes on regardless).
  let droppedWrites = 0
  let endRetry: TimerHandle | undefined
  const persistProgress = () => {
    persistTimer = undefined
    try {
      if (latest && active?.jobId === latest.jobId) {
        const p = latest.progress
        jobs.writeProgress(latest.jobId, {
          progress: overallProgress(active.steps, 'printing', p.percent / 100),
          lastLine: p.linesConfirmed,
          byteOffset: p.bytesConfirmed,
          layer: p.layer,
          z: p.z,
          printElapsedMs: p.elapsedMs,
        })
        if (droppedWrites > 0) logger.info('progress writes resumed: the data disk has space again', { jobId: latest.jobId, dropped: droppedWrites })
        droppedWrites = 0
      }
    } catch (error) {
      if (!isDiskFull(error)) throw error
      if (droppedWrites++ === 0)
        logger.warn('progress not saved: the data disk is full; the print goes on and saving resumes when there is space', {
          jobId: latest?.jobId,
          code: (error as { code?: string }).code,
        })
    } finally {
      if (active) persistTimer = clock.setTimeout(persistProgress, deps.persistEveryMs ?? 1000)
    }
  }

  /** Records the end; a full disk defers it (retried every 5 s) instead of throwing out of the print's promise. */
  function recordEndWhenWritable(jobId: string, result: PrintResult) {
    endRetry = undefined
    try {
      recordEnd(jobId, result)
    } catch (error) {
      if (!isDiskFull(error)) throw error
      logger.warn('the end of the print is not saved yet: the data disk is full; retrying every 5 s', { jobId, outcome: result.outcome })
      endRetry = clock.setTimeout(() => recordEndWhenWritable(jobId, result), 5000)
    }
  }

  const offUpdated = recorder.events.on('job:updated', ({ job }) => {
    if (active?.jobId === job.id) active.job = job
  })
  const offProgress = printer.events.on('printer:progress', (p) => {
    if (!active || p.jobId !== active.jobId) return
    latest = { jobId: p.jobId, progress: p }
    const job = active.job
    const progress = overallProgress(active.steps, 'printing', p.percent / 100)
    recorder.events.emit('job:progress', { job: { ...job, progress, layer: p.layer, z: p.z }, live: liveOf(job, p) })
  })
  const offPaused = printer.events.on('printer:job_paused', ({ jobId }) => recorder.apply(jobId, { type: 'paused' }))
  const offResumed = printer.events.on('printer:job_resumed', ({ jobId }) => recorder.apply(jobId, { type: 'resumed' }))
  const offState = printer.events.on('printer:state_changed', ({ next }) => {
    if (next === 'operational') void scheduler.tryStartNext()
  })

  function recordEnd(jobId: string, result: PrintResult) {
    clock.clearTimeout(persistTimer)
    persistTimer = undefined
    latest = null
    active = null
    kv.set(BED_CLEAR_KEY, 'false')
    const finishedAt = now().toISOString()
    const where = {
      lastLine: result.lastConfirmedLine,
      byteOffset: result.byteOffset,
      layer: result.layer,
      z: result.z,
      printElapsedMs: result.elapsedMs,
      actualSeconds: result.elapsedMs / 1000,
    }
    const data = { ...where, outcome: result.outcome, code: result.code ?? null, reason: result.reason ?? null }
    const stepStatus = result.outcome === 'completed' ? 'completed' : 'failed'
    const printStep = jobs.steps(jobId).find((s) => s.name === 'printing')
    const stepStart = printStep?.startedAt ? Date.parse(printStep.startedAt) : null
    recorder.step(jobId, 'printing', {
      status: stepStatus,
      finishedAt,
      durationMs: stepStart ? now().getTime() - stepStart : null,
      errorCode: result.code ?? null,
      errorMessage: result.reason ?? null,
    })
    let updated: JobRecord | null = null
    if (result.outcome === 'completed') {
      updated = recorder.apply(jobId, { type: 'print_completed' }, { patch: { ...where, progress: 100, finishedAt }, note: 'Print completed', data })
    } else if (result.outcome === 'cancelled' && !shuttingDown) {
      updated = recorder.apply(jobId, { type: 'print_cancelled' }, { patch: { ...where, finishedAt }, note: 'Print cancelled', data })
    } else {
      const interrupted = result.outcome === 'interrupted' || shuttingDown
      const reason = shuttingDown ? 'The gateway shut down during the print; the printer was brought to a safe state' : (result.reason ?? 'The print failed')
      const patch = { ...where, finishedAt, errorCode: result.code ?? (interrupted ? 'JOB_INTERRUPTED' : 'INTERNAL'), errorMessage: reason }
      updated = recorder.apply(jobId, { type: interrupted ? 'print_interrupted' : 'print_failed', reason }, { patch, note: reason, data })
    }
    // A job cancelled by the user is already final: keep its last position with the history.
    if (!updated) jobs.update(jobId, where, { type: 'print_ended', message: `Printer stopped (${result.outcome})`, data }, true)
    if (deps.autoStart && !shuttingDown) void scheduler.tryStartNext()
  }

  async function startPrint(job: JobRecord): Promise<boolean> {
    if (!job.outputs.gcode) return false
    const path = join(deps.dataDir, job.outputs.gcode)
    const startedAt = now().toISOString()
    try {
      const allowFirmwareCommands = deps.allowFirmwareCommandsInFiles === true || job.metadata[FIRMWARE_COMMANDS_KEY] === FIRMWARE_COMMANDS_APPROVED
      const { done } = await printer.startPrint({ jobId: job.id, path, allowFirmwareCommands })
      queue.remove(job.id)
      recorder.step(job.id, 'printing', { status: 'running', startedAt })
      const steps = jobs.steps(job.id)
      const printing = recorder.apply(
        job.id,
        { type: 'print_started' },
        {
          patch: { progress: overallProgress(steps, 'printing', 0) },
          note: 'Printing started',
          data: { step: 'printing' },
        },
      )
      active = {
        jobId: job.id,
        job: printing ?? job,
        steps,
        done: done.then(
          (result) => recordEndWhenWritable(job.id, result),
          (error: unknown) =>
            recordEndWhenWritable(job.id, {
              jobId: job.id,
              outcome: 'failed',
              code: isGatewayError(error) ? error.code : 'INTERNAL',
              reason: String(error instanceof Error ? error.message : error),
              lastConfirmedLine: 0,
              byteOffset: 0,
              layer: null,
              z: null,
              temperatures: null,
              elapsedMs: 0,
            }),
        ),
      }
      persistTimer = clock.setTimeout(persistProgress, deps.persistEveryMs ?? 1000)
      kv.set(BED_CLEAR_KEY, 'false')
      return true
    } catch (error) {
      if (isGatewayError(error) && ['PRINTER_NOT_CONNECTED', 'PRINTER_BUSY', 'EMERGENCY_STOPPED'].includes(error.code)) {
        logger.info('print waits for the printer', { jobId: job.id, code: error.code })
        return false
      }
      queue.remove(job.id)
      const code = isGatewayError(error) ? error.code : 'INTERNAL'
      const message = error instanceof Error ? error.message : String(error)
      recorder.step(job.id, 'printing', { status: 'failed', errorCode: code, errorMessage: message, finishedAt: now().toISOString() })
      recorder.apply(
        job.id,
        { type: 'print_failed_to_start', reason: message },
        {
          patch: { errorCode: code, errorMessage: message, finishedAt: now().toISOString() },
          note: message,
          data: { step: 'printing', code },
        },
      )
      return true
    }
  }

  /** The first queued job that may start; jobs waiting for "Print it" keep their place and are passed over. */
  function nextReady(): JobRecord | null {
    for (const id of queue.list()) {
      const job = jobs.get(id)
      if (!job || job.status !== 'queued') {
        queue.remove(id)
        continue
      }
      if (!awaitsConfirmation(job)) return job
    }
    return null
  }

  const scheduler: PrintScheduler = {
    async tryStartNext() {
      if (active || starting || shuttingDown) return
      if (!deps.autoStart && !bedClear()) return
      if (printer.status().state !== 'operational') return
      starting = true
      try {
        for (let job = nextReady(); job; job = nextReady()) {
          const consumed = await startPrint(job)
          if (!consumed || active) break
        }
      } finally {
        starting = false
      }
    },
    async bedCleared() {
      kv.set(BED_CLEAR_KEY, 'true')
      await scheduler.tryStartNext()
    },
    isBedClear: bedClear,
    activeJobId: () => active?.jobId ?? null,
    live(jobId) {
      if (!latest || latest.jobId !== jobId || active?.jobId !== jobId) return null
      return liveOf(active.job, latest.progress)
    },
    markShutdown() {
      shuttingDown = true
    },
    async settle(timeoutMs) {
      if (!active) return
      await Promise.race([active.done, new Promise((r) => setTimeout(r, timeoutMs).unref())])
    },
    dispose() {
      clock.clearTimeout(persistTimer)
      clock.clearTimeout(endRetry)
      offProgress()
      offUpdated()
      offPaused()
      offResumed()
      offState()
    },
  }
  return scheduler
}
