// Writes job changes through the repository and announces each one on the typed job event bus.
import { createEmitter, type TypedEmitter } from '../core/events.js'
import type { EventInput, JobPatch, JobsRepo, StepPatch } from '../storage/jobs-repo.js'
import type { JobRecord, JobStatus, StepName } from './types.js'

export interface LiveProgress {
  percent: number
  layer: number | null
  layerCount: number | null
  z: number | null
  etaSeconds: number | null
  elapsedMs: number
}

export type JobEvents = {
  /** Any recorded change to a job (status, step, message); `prev` is the status before. */
  'job:updated': { job: JobRecord; prev: JobStatus | null }
  /** Print progress (not persisted each time). */
  'job:progress': { job: JobRecord; live: LiveProgress }
}

export interface JobRecorder {
  readonly events: TypedEmitter<JobEvents>
  /** Patch + event row in one transaction, then announce. Null when the job is finished (never overwritten). */
  update(id: string, patch: JobPatch, event: EventInput | null, force?: boolean): JobRecord | null
  step(jobId: string, name: StepName, patch: StepPatch): void
}

export function createJobRecorder(jobs: JobsRepo, onError?: (event: string, error: unknown) => void): JobRecorder {
  const events = createEmitter<JobEvents>(onError)
  return {
    events,
    update(id, patch, event, force = false) {
      const prev = jobs.get(id)?.status ?? null
      const job = jobs.update(id, patch, event, force)
      if (job) events.emit('job:updated', { job, prev })
      return job
    },
    step: (jobId, name, patch) => jobs.updateStep(jobId, name, patch),
  }
}
