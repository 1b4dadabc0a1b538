// Writes job changes through the repository and announces each one on the typed job event bus; status changes go through the job machine.
import { createEmitter, type TypedEmitter } from '../core/events.js'
import type { JobPatch, JobsRepo, StepPatch } from '../storage/jobs-repo.js'
import { transition, type JobEvent } from './job-machine.js'
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

/** Fields a writer may set beside an event; status, step and message are the machine's. */
export type FieldPatch = Omit<JobPatch, 'status' | 'currentStep' | 'message'>

export interface ApplyOptions {
  patch?: FieldPatch
  /** The event row's message (default: none). */
  note?: string | null
  data?: Record<string, unknown> | null
}

export interface JobRecorder {
  readonly events: TypedEmitter<JobEvents>
  /**
   * Runs `event` through the job machine and records the result (patch + event row in one transaction), then announces it.
   * Null when the event does not apply to the job's status (finished, or already there): nothing is written.
   */
  apply(id: string, event: JobEvent, o?: ApplyOptions): JobRecord | null
  /** Fields without a status change and without an event row (e.g. outputs); null when the job is finished. */
  patch(id: string, patch: FieldPatch): JobRecord | null
  step(jobId: string, name: StepName, patch: StepPatch): void
}

export function createJobRecorder(jobs: JobsRepo, onError?: (event: string, error: unknown) => void): JobRecorder {
  const events = createEmitter<JobEvents>(onError)
  return {
    events,
    apply(id, event, o = {}) {
      const current = jobs.get(id)
      if (!current) return null
      const next = transition(current, event)
      if (!next) return null
      const { record, ...words } = next
      const job = jobs.update(id, { ...o.patch, ...words }, { type: record, message: o.note ?? null, data: o.data ?? null })
      if (job) events.emit('job:updated', { job, prev: current.status })
      return job
    },
    patch(id, patch) {
      const prev = jobs.get(id)?.status ?? null
      const job = jobs.update(id, patch, null)
      if (job) events.emit('job:updated', { job, prev })
      return job
    },
    step: (jobId, name, patch) => jobs.updateStep(jobId, name, patch),
  }
}
