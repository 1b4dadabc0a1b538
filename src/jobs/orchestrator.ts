// Runs each job through research → CAD → slicing, queues it, and hands it to the print scheduler.
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { TypedEmitter } from '../core/events.js'
import { silentLogger, type Logger } from '../core/logger.js'
import type { PrinterService } from '../printer/types.js'
import type { FilesRepo } from '../storage/files-repo.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { KvRepo, QueueRepo } from '../storage/queue-repo.js'
import type { PlanLibrary } from './plan-port.js'
import { PRINT_GATE_KEY, printGateOf } from './print-gate.js'
import { createPrintScheduler } from './print-scheduler.js'
import { createJobRecorder, type JobEvents, type LiveProgress } from './recorder.js'
import { createPipelineStepRunner, PIPELINE } from './pipeline-step.js'
import {
  FIRMWARE_COMMANDS_APPROVED,
  FIRMWARE_COMMANDS_KEY,
  STEP_NAMES,
  isFinished,
  withoutApproval,
  type JobRecord,
  type JobSource,
  type StepName,
} from './types.js'

export interface OrchestratorDeps {
  jobs: JobsRepo
  queue: QueueRepo
  kv: KvRepo
  files: FilesRepo
  transaction: <T>(fn: () => T) => T
  printer: PrinterService
  plan: PlanLibrary
  clock: Clock
  dataDir: string
  now?: () => Date
  logger?: Logger
  newId?: () => string
  /** maxParallelPipelines: jobs in research/CAD/slicing at once (default 1: a Pi has few cores; others wait as pending). */
  /** confirmTypedRequests: typed requests wait for "Print it" before heating (a request may say otherwise). */
  options?: {
    autoStart?: boolean
    confirmTypedRequests?: boolean
    allowFirmwareCommandsInFiles?: boolean
    slicerPath?: string
    slicerTimeoutMs?: number
    persistEveryMs?: number
    maxParallelPipelines?: number
  }
}

export interface NewJobInput {
  userId?: string | null
  printerProfile?: string | null
  qualityLevel?: string | null
  metadata?: Record<string, unknown>
  /** Wait for "Print it" once the G-code is ready; unset: the gateway's setting for typed requests, no for files. */
  confirmBeforePrint?: boolean | null
  /** Set by routes for an admin caller: the file may change firmware settings (never taken from `metadata`). */
  allowFirmwareCommands?: boolean
  /** The printer asked for (src/farm picks one when absent); one printer's orchestrator ignores it. */
  printerId?: string | null
}

export interface Orchestrator {
  readonly events: TypedEmitter<JobEvents>
  createFromText(input: NewJobInput & { userRequest: string }): JobRecord
  createFromFile(input: NewJobInput & { fileId: string }): JobRecord
  /** A new print of a finished job's G-code (e.g. after an interruption); the G-code must still exist. */
  reprint(id: string, input?: NewJobInput): JobRecord
  cancel(id: string): Promise<JobRecord>
  pause(id: string): Promise<JobRecord>
  resume(id: string): Promise<JobRecord>
  /** "Print it": lets a job that waits for confirmation start; `bedClear` also records that the bed is empty. */
  confirm(id: string, o?: { bedClear?: boolean }): Promise<JobRecord>
  bedCleared(): Promise<void>
  isBedClear(): boolean
  activeJobId(): string | null
  live(id: string): LiveProgress | null
  isFileInUse(fileId: string): boolean
  /** Recovery after a restart: printing jobs → interrupted, unfinished pipelines re-run, queue resumes. */
  start(): Promise<void>
  /** Stops accepting work; a running print is brought to a safe state with `mode` and recorded. */
  stop(mode?: 'cancel' | 'pause'): Promise<void>
}

export function createOrchestrator(deps: OrchestratorDeps): Orchestrator {
  const { jobs, queue, files, printer, transaction } = deps
  const now = deps.now ?? (() => new Date())
  const logger = deps.logger ?? silentLogger
  const newId = deps.newId ?? randomUUID
  const recorder = createJobRecorder(jobs, (event, error) => logger.error('job event handler failed', { event, error }))
  const scheduler = createPrintScheduler({
    jobs,
    queue,
    kv: deps.kv,
    recorder,
    printer,
    clock: deps.clock,
    now,
    logger,
    dataDir: deps.dataDir,
    autoStart: deps.options?.autoStart ?? false,
    allowFirmwareCommandsInFiles: deps.options?.allowFirmwareCommandsInFiles ?? false,
    ...(deps.options?.persistEveryMs !== undefined ? { persistEveryMs: deps.options.persistEveryMs } : {}),
  })
  const controllers = new Map<string, AbortController>()
  const maxParallel = Math.max(1, deps.options?.maxParallelPipelines ?? 1)
  let runningPipelines = 0
  const waitingForSlot: (() => void)[] = []
  const acquireSlot = async () => {
    if (runningPipelines < maxParallel) {
      runningPipelines++
      return
    }
    await new Promise<void>((resolveSlot) => waitingForSlot.push(resolveSlot))
  }
  const releaseSlot = () => {
    const next = waitingForSlot.shift()
    if (next) next()
    else runningPipelines--
  }
  let accepting = true
  let stopping = false
  const runPipelineStep = createPipelineStepRunner({
    jobs,
    files,
    recorder,
    plan: deps.plan,
    dataDir: deps.dataDir,
    now,
    isStopping: () => stopping,
    ...(deps.options?.slicerPath !== undefined ? { slicerPath: deps.options.slicerPath } : {}),
    ...(deps.options?.slicerTimeoutMs !== undefined ? { slicerTimeoutMs: deps.options.slicerTimeoutMs } : {}),
  })

  const iso = () => now().toISOString()
  const mustGet = (id: string) => {
    const job = jobs.get(id)
    if (!job) throw new GatewayError('JOB_NOT_FOUND', `Workflow ${id} not found`)
    return job
  }
  const refuseWhenStopping = () => {
    if (!accepting) throw new GatewayError('SHUTTING_DOWN')
  }

  function insert(source: JobSource, input: NewJobInput, extra: Partial<JobRecord>, skipped: StepName[]): JobRecord {
    refuseWhenStopping()
    const at = iso()
    const job: JobRecord = {
      id: newId(),
      source,
      userRequest: null,
      userId: input.userId ?? 'anonymous',
      printerProfile: input.printerProfile ?? 'ender3_pla',
      qualityLevel: input.qualityLevel ?? null,
      metadata: {
        api_endpoint: 'print-request',
        ...withoutApproval(input.metadata),
        ...(input.allowFirmwareCommands ? { [FIRMWARE_COMMANDS_KEY]: FIRMWARE_COMMANDS_APPROVED } : {}),
        printer_profile: input.printerProfile ?? 'ender3_pla',
        quality_level: input.qualityLevel ?? 'standard',
        [PRINT_GATE_KEY]: (input.confirmBeforePrint ?? (source === 'text' && (deps.options?.confirmTypedRequests ?? false))) ? 'awaiting' : 'none',
      },
      fileId: null,
      status: 'pending',
      currentStep: 'Initializing workflow',
      message: 'Print request received and queued for processing',
      progress: 0,
      createdAt: at,
      updatedAt: at,
      startedAt: null,
      finishedAt: null,
      errorCode: null,
      errorMessage: null,
      outputs: {},
      gcodeHash: null,
      estimatedSeconds: null,
      actualSeconds: null,
      filamentMm: null,
      layer: null,
      layerCount: null,
      z: null,
      lastLine: null,
      byteOffset: null,
      printElapsedMs: null,
      ...extra,
    }
    const steps = STEP_NAMES.map((name) => ({ name, status: skipped.includes(name) ? ('skipped' as const) : ('pending' as const) }))
    jobs.insert(job, steps, { type: 'created', message: job.message, data: { source } })
    recorder.events.emit('job:updated', { job, prev: null })
    setImmediate(() => void run(job.id))
    return job
  }

  async function run(id: string): Promise<void> {
    if (stopping || controllers.has(id)) return
    const controller = new AbortController()
    controllers.set(id, controller)
    await acquireSlot()
    try {
      for (const name of PIPELINE) {
        if (stopping || controller.signal.aborted) return
        const job = jobs.get(id)
        if (!job || isFinished(job.status)) return
        const step = jobs.steps(id).find((s) => s.name === name)
        if (!step || step.status === 'skipped' || step.status === 'completed') continue
        if (!(await runPipelineStep(job, name, controller.signal))) return
      }
      const ready = transaction(() => {
        const waiting = printGateOf(mustGet(id)) === 'awaiting'
        const queued = recorder.apply(id, { type: 'queued', awaitingConfirmation: waiting })
        if (queued) queue.enqueue(id)
        return queued !== null
      })
      if (ready) await scheduler.tryStartNext()
    } catch (error) {
      logger.error('job pipeline crashed', { jobId: id, error })
    } finally {
      controllers.delete(id)
      releaseSlot()
    }
  }

  return {
    events: recorder.events,
    createFromText(input) {
      return insert('text', input, { userRequest: input.userRequest }, [])
    },
    createFromFile(input) {
      const file = files.get(input.fileId)
      if (!file) throw new GatewayError('FILE_NOT_FOUND', `File ${input.fileId} not found`)
      if (file.kind === 'stl') return insert('stl', input, { fileId: file.id, userRequest: file.name }, ['research', 'cad'])
      const analysis = (file.analysis ?? {}) as Record<string, number | null | undefined>
      return insert(
        'gcode',
        input,
        {
          fileId: file.id,
          userRequest: file.name,
          outputs: { gcode: join('files', file.storedName) },
          gcodeHash: file.sha256,
          estimatedSeconds: analysis.estimatedSeconds ?? null,
          filamentMm: analysis.filamentMm ?? null,
          layerCount: analysis.layerCount ?? null,
        },
        ['research', 'cad', 'slicing'],
      )
    },
    reprint(id, input = {}) {
      const job = mustGet(id)
      if (!isFinished(job.status)) throw new GatewayError('JOB_INVALID_TRANSITION', `Cannot reprint workflow in state: ${job.status}`)
      if (!job.outputs.gcode || !existsSync(join(deps.dataDir, job.outputs.gcode))) {
        throw new GatewayError('FILE_NOT_FOUND', `Workflow ${id} has no G-code to print again`)
      }
      const again: NewJobInput = {
        userId: input.userId ?? job.userId,
        printerProfile: job.printerProfile,
        qualityLevel: job.qualityLevel,
        metadata: { ...job.metadata, ...input.metadata, reprint_of: id },
        ...(input.allowFirmwareCommands ? { allowFirmwareCommands: true } : {}),
      }
      return insert(
        'gcode',
        again,
        {
          fileId: job.fileId,
          userRequest: job.userRequest,
          outputs: { gcode: job.outputs.gcode },
          gcodeHash: job.gcodeHash,
          estimatedSeconds: job.estimatedSeconds,
          filamentMm: job.filamentMm,
          layerCount: job.layerCount,
        },
        ['research', 'cad', 'slicing'],
      )
    },
    async cancel(id) {
      const job = mustGet(id)
      if (isFinished(job.status)) throw new GatewayError('JOB_INVALID_TRANSITION', `Cannot cancel workflow in state: ${job.status}`)
      const wasPrinting = scheduler.activeJobId() === id
      const cancelled = transaction(() => {
        queue.remove(id)
        for (const step of jobs.steps(id)) {
          if (step.status === 'running') {
            recorder.step(id, step.name, { status: 'failed', finishedAt: iso(), errorCode: 'JOB_CANCELLED', errorMessage: 'Cancelled by user' })
          } else if (step.status === 'pending') recorder.step(id, step.name, { status: 'skipped' })
        }
        const message = 'Workflow cancelled by user'
        return recorder.apply(id, { type: 'cancelled' }, { patch: { errorCode: 'JOB_CANCELLED', errorMessage: message, finishedAt: iso() }, note: message })
      })
      controllers.get(id)?.abort()
      if (wasPrinting) await printer.cancel().catch((error: unknown) => logger.error('printer cancel failed', { jobId: id, error }))
      return cancelled ?? mustGet(id)
    },
    async pause(id) {
      const job = mustGet(id)
      if (job.status !== 'printing_phase' || scheduler.activeJobId() !== id) {
        throw new GatewayError('JOB_INVALID_TRANSITION', `Cannot pause workflow in state: ${job.status}`)
      }
      await printer.pause()
      // Recorded once: by whichever comes first, this or the printer's job_paused event (the machine refuses the second).
      return recorder.apply(id, { type: 'paused' }) ?? mustGet(id)
    },
    async resume(id) {
      const job = mustGet(id)
      if (job.status !== 'paused' || scheduler.activeJobId() !== id) {
        throw new GatewayError('JOB_INVALID_TRANSITION', `Cannot resume workflow in state: ${job.status}`)
      }
      await printer.resume()
      return recorder.apply(id, { type: 'resumed' }) ?? mustGet(id)
    },
    async confirm(id, o = {}) {
      const job = mustGet(id)
      if (isFinished(job.status) || printGateOf(job) !== 'awaiting') {
        throw new GatewayError(
          'JOB_INVALID_TRANSITION',
          isFinished(job.status) ? `Cannot print workflow in state: ${job.status}` : `Workflow ${id} is not waiting for "Print it"`,
        )
      }
      recorder.apply(
        id,
        { type: 'confirmed' },
        { patch: { metadata: { ...job.metadata, [PRINT_GATE_KEY]: 'confirmed' } }, note: 'Print it: confirmed on the phone' },
      )
      if (o.bedClear) await scheduler.bedCleared()
      else await scheduler.tryStartNext()
      return mustGet(id)
    },
    bedCleared: () => scheduler.bedCleared(),
    isBedClear: () => scheduler.isBedClear(),
    activeJobId: () => scheduler.activeJobId(),
    live: (id) => scheduler.live(id),
    isFileInUse(fileId) {
      return jobs.withStatus(['queued', 'printing_phase', 'paused', 'slicing_phase', 'pending']).some((j) => j.fileId === fileId)
    },
    async start() {
      for (const job of jobs.withStatus(['printing_phase', 'paused'])) {
        const message =
          `The print was interrupted (gateway stopped); last confirmed line ${job.lastLine ?? 0}, ` +
          `byte ${job.byteOffset ?? 0}, layer ${job.layer ?? '?'}, Z ${job.z ?? '?'}`
        recorder.step(job.id, 'printing', { status: 'failed', finishedAt: iso(), errorCode: 'JOB_INTERRUPTED', errorMessage: message })
        recorder.apply(
          job.id,
          { type: 'interrupted_by_restart', reason: message },
          {
            patch: { errorCode: 'JOB_INTERRUPTED', errorMessage: message, finishedAt: iso() },
            note: message,
            data: { lastLine: job.lastLine, byteOffset: job.byteOffset, layer: job.layer, z: job.z },
          },
        )
      }
      for (const job of jobs.withStatus(['pending', 'research_phase', 'cad_phase', 'slicing_phase'])) {
        for (const step of jobs.steps(job.id)) if (step.status === 'running') recorder.step(job.id, step.name, { status: 'pending', startedAt: null })
        recorder.apply(job.id, { type: 'restarted' }, { note: 'Running again after a gateway restart' })
        setImmediate(() => void run(job.id))
      }
      const inQueue = new Set(queue.list())
      for (const job of jobs.withStatus(['queued'])) if (!inQueue.has(job.id)) queue.enqueue(job.id)
      await scheduler.tryStartNext()
    },
    async stop(mode = 'cancel') {
      accepting = false
      stopping = true
      for (const controller of controllers.values()) controller.abort()
      if (scheduler.activeJobId()) {
        scheduler.markShutdown()
        if (mode === 'cancel') await printer.cancel().catch((error: unknown) => logger.error('cancel on shutdown failed', { error }))
        else {
          // Parked by the pause script; closing the link ends the job as interrupted (it is not resumed after a restart).
          await printer.pause().catch((error: unknown) => logger.error('pause on shutdown failed', { error }))
          await printer.disconnect().catch((error: unknown) => logger.error('disconnect on shutdown failed', { error }))
        }
        await scheduler.settle(15_000)
      }
      scheduler.dispose()
    },
  }
}
