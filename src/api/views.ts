// Turns stored job and file records into the API's JSON shapes (download URLs, never server paths).
import type { z } from '@hono/zod-openapi'
import type { LiveProgress } from '../jobs/recorder.js'
import { STEP_TITLES, type FileRecord, type JobEventRecord, type JobRecord, type StepRecord } from '../jobs/types.js'
import { printGateOf } from '../jobs/print-gate.js'
import type { Temperatures } from '../printer/types.js'
import type { FileView, JobEventView, PrintStatus } from './schemas.js'

export interface StatusExtras {
  steps?: StepRecord[]
  live?: LiveProgress | null
  temperatures?: Temperatures | null
  queuePosition?: number | null
  now?: Date
}

export function outputUrls(job: JobRecord): Record<string, string> | null {
  const kinds = (['intent', 'stl', 'gcode'] as const).filter((k) => job.outputs[k])
  if (kinds.length === 0) return null
  return Object.fromEntries(kinds.map((k) => [k, `/api/workflows/${job.id}/files/${k}`]))
}

/**
 * The one job serialiser: every field a job shows from its record and the print's live view, with the same words for
 * HTTP (`toPrintStatus`) and WebSocket (`/ws/progress` status and progress messages). No database reads.
 */
export function toJobView(job: JobRecord, live: LiveProgress | null, now: Date) {
  const printing = job.status === 'printing_phase' || job.status === 'paused'
  const eta = printing && live ? live.etaSeconds : null
  return {
    job_id: job.id,
    workflow_id: job.id,
    status: job.status,
    // While printing, the printer's own figure (bytes confirmed): the number the phone shows, not the step-weighted one.
    progress_percentage: printing ? (live?.percent ?? 0) : job.progress,
    current_step: job.currentStep,
    message: job.message,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    estimated_completion: eta !== null && job.status === 'printing_phase' ? new Date(now.getTime() + eta * 1000).toISOString() : null,
    error_message: job.errorMessage,
    error_code: job.errorCode,
    output_files: outputUrls(job),
    source: job.source,
    user_request: job.userRequest,
    user_id: job.userId,
    printer_profile: job.printerProfile,
    quality_level: job.qualityLevel ?? 'standard',
    file_id: job.fileId,
    layer: live?.layer ?? job.layer,
    layer_count: job.layerCount,
    z: live?.z ?? job.z,
    eta_seconds: eta,
    estimated_seconds: job.estimatedSeconds,
    actual_seconds: job.actualSeconds,
    filament_mm: job.filamentMm,
    gcode_sha256: job.gcodeHash,
    last_confirmed_line: job.lastLine,
    byte_offset: job.byteOffset,
    printer_id: job.printerId ?? 'default',
    print_gate: printGateOf(job),
  }
}

/** The fields that move during a print: `progress_update` carries only these (the phone gets several a second). */
const PROGRESS_FIELDS = [
  'job_id',
  'workflow_id',
  'status',
  'progress_percentage',
  'current_step',
  'message',
  'estimated_completion',
  'error_code',
  'error_message',
  'layer',
  'layer_count',
  'z',
  'eta_seconds',
] as const

/** The job view cut to PROGRESS_FIELDS: the same words as toJobView, fewer of them. */
export function toProgressView(job: JobRecord, live: LiveProgress | null, now: Date) {
  const view = toJobView(job, live, now)
  return Object.fromEntries(PROGRESS_FIELDS.map((k) => [k, view[k]])) as Pick<ReturnType<typeof toJobView>, (typeof PROGRESS_FIELDS)[number]>
}

/** The HTTP job body: the job view plus what the request looked up (queue position, temperatures, steps). */
export function toPrintStatus(job: JobRecord, extras: StatusExtras = {}): z.infer<typeof PrintStatus> {
  const printing = job.status === 'printing_phase' || job.status === 'paused'
  return {
    ...toJobView(job, extras.live ?? null, extras.now ?? new Date()),
    queue_position: extras.queuePosition ?? null,
    temperatures: printing ? (extras.temperatures ?? null) : null,
    ...(extras.steps
      ? {
          steps: extras.steps.map((s) => ({
            name: s.name,
            title: STEP_TITLES[s.name],
            status: s.status,
            started_at: s.startedAt,
            finished_at: s.finishedAt,
            duration_ms: s.durationMs,
            error_code: s.errorCode,
            error_message: s.errorMessage,
          })),
        }
      : {}),
  }
}

export function toFileView(file: FileRecord, inUse: boolean): z.infer<typeof FileView> {
  return {
    id: file.id,
    name: file.name,
    kind: file.kind,
    size: file.size,
    sha256: file.sha256,
    created_at: file.createdAt,
    download_url: `/api/files/${file.id}/content`,
    in_use: inUse,
    analysis: file.analysis,
  }
}

export function toEventView(e: JobEventRecord): z.infer<typeof JobEventView> {
  return { id: e.id, at: e.at, type: e.type, status: e.status, message: e.message, data: e.data }
}
