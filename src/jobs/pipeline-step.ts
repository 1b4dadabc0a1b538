// Runs one research/CAD/slicing step of a job and records it: running → completed (only with its output) or failed.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { GatewayError, isGatewayError, type ErrorCode } from '../core/errors.js'
import type { FilesRepo } from '../storage/files-repo.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { PlanLibrary } from './plan-port.js'
import { overallProgress } from './progress.js'
import type { JobRecorder } from './recorder.js'
import { runStep } from './steps.js'
import { STEP_TITLES, type JobRecord, type StepName } from './types.js'

export type PipelineStepName = Exclude<StepName, 'printing'>
export const PIPELINE: PipelineStepName[] = ['research', 'cad', 'slicing']

/** The code a step fails with when the error carries none of its own. */
const STEP_FAILURE_CODE: Record<PipelineStepName, ErrorCode> = {
  research: 'INTENT_NOT_UNDERSTOOD',
  cad: 'MODEL_FAILED',
  slicing: 'SLICER_FAILED',
}

export interface PipelineStepDeps {
  jobs: JobsRepo
  files: FilesRepo
  recorder: JobRecorder
  plan: PlanLibrary
  dataDir: string
  now: () => Date
  /** True while the gateway shuts down: an interrupted step is left pending to run again at the next start. */
  isStopping: () => boolean
  slicerPath?: string
  slicerTimeoutMs?: number
}

/** Returns a function that runs one step; it resolves false when the job must not go on. */
export function createPipelineStepRunner(deps: PipelineStepDeps) {
  const { jobs, recorder, now } = deps
  const iso = () => now().toISOString()

  function recordFailure(job: JobRecord, name: PipelineStepName, error: unknown, cancelled: boolean, durationMs: number) {
    const code: ErrorCode = cancelled ? 'JOB_CANCELLED' : isGatewayError(error) ? error.code : STEP_FAILURE_CODE[name]
    const message = error instanceof Error ? error.message : String(error)
    recorder.step(job.id, name, { status: 'failed', finishedAt: iso(), durationMs, errorCode: code, errorMessage: message })
    // A cancelled job was already recorded by cancel(); only a real failure ends the job here.
    if (cancelled) return
    for (const later of PIPELINE.slice(PIPELINE.indexOf(name) + 1)) recorder.step(job.id, later, { status: 'skipped' })
    recorder.step(job.id, 'printing', { status: 'skipped' })
    recorder.apply(
      job.id,
      { type: 'step_failed', step: name, reason: message },
      {
        patch: { errorCode: code, errorMessage: message, finishedAt: iso() },
        note: message,
        data: { step: name, code, detail: isGatewayError(error) ? (error.detail ?? null) : null },
      },
    )
  }

  return async function runPipelineStep(job: JobRecord, name: PipelineStepName, signal: AbortSignal): Promise<boolean> {
    const startedAt = now()
    const durationMs = () => now().getTime() - startedAt.getTime()
    const title = STEP_TITLES[name]
    recorder.step(job.id, name, { status: 'running', startedAt: startedAt.toISOString(), finishedAt: null, errorCode: null, errorMessage: null })
    const started = recorder.apply(
      job.id,
      { type: 'step_started', step: name },
      {
        patch: { startedAt: job.startedAt ?? startedAt.toISOString(), progress: overallProgress(jobs.steps(job.id), name, 0) },
        note: title,
        data: { step: name },
      },
    )
    if (!started) return false
    try {
      const file = job.fileId ? deps.files.get(job.fileId) : null
      const result = await runStep(name, {
        job: started,
        plan: deps.plan,
        dataDir: deps.dataDir,
        signal,
        sourcePath: file ? join(deps.dataDir, 'files', file.storedName) : null,
        ...(deps.slicerPath !== undefined ? { slicerPath: deps.slicerPath } : {}),
        ...(deps.slicerTimeoutMs !== undefined ? { slicerTimeoutMs: deps.slicerTimeoutMs } : {}),
      })
      if (signal.aborted) throw new GatewayError('JOB_CANCELLED')
      if (!existsSync(result.producedPath)) throw new GatewayError(STEP_FAILURE_CODE[name], `${title} produced no output`)
      recorder.step(job.id, name, { status: 'completed', finishedAt: iso(), durationMs: durationMs(), output: result.summary })
      const completed = recorder.apply(
        job.id,
        { type: 'step_completed', step: name },
        {
          patch: { ...result.jobPatch, outputs: { ...jobs.get(job.id)?.outputs, ...result.outputs }, progress: overallProgress(jobs.steps(job.id), null) },
          note: title,
          data: { step: name, durationMs: durationMs() },
        },
      )
      return completed !== null
    } catch (error) {
      if (deps.isStopping()) {
        recorder.step(job.id, name, { status: 'pending', startedAt: null })
        return false
      }
      recordFailure(job, name, error, signal.aborted, durationMs())
      return false
    }
  }
}
