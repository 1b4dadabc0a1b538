// All SQL for jobs, their steps and their event history. A state change and its event share one transaction.
import type { Db } from './db.js'
import { FINISHED_STATUSES, type JobEventRecord, type JobRecord, type JobStatus, type StepName, type StepRecord, type StepStatus } from './job-records.js'

type Row = Record<string, unknown>

/** The printer of a single-printer gateway, and of jobs stored before there were several. */
export const DEFAULT_PRINTER_ID = 'default'

const COLUMNS: Record<keyof Required<JobRecord>, string> = {
  id: 'id',
  source: 'source',
  userRequest: 'user_request',
  userId: 'user_id',
  printerProfile: 'printer_profile',
  qualityLevel: 'quality_level',
  metadata: 'metadata',
  fileId: 'file_id',
  status: 'status',
  currentStep: 'current_step',
  message: 'message',
  progress: 'progress',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  outputs: 'outputs',
  gcodeHash: 'gcode_hash',
  estimatedSeconds: 'estimated_seconds',
  actualSeconds: 'actual_seconds',
  filamentMm: 'filament_mm',
  layer: 'layer',
  layerCount: 'layer_count',
  z: 'z',
  lastLine: 'last_line',
  byteOffset: 'byte_offset',
  printElapsedMs: 'print_elapsed_ms',
  printerId: 'printer_id',
}
const JSON_FIELDS = new Set<keyof JobRecord>(['metadata', 'outputs'])

function toJob(row: Row): JobRecord {
  const job: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = row[column]
    job[key] = JSON_FIELDS.has(key as keyof JobRecord) ? JSON.parse(String(value ?? '{}')) : (value ?? null)
  }
  return job as unknown as JobRecord
}

function toStep(row: Row): StepRecord {
  return {
    name: row.name as StepName,
    status: row.status as StepStatus,
    startedAt: (row.started_at as string) ?? null,
    finishedAt: (row.finished_at as string) ?? null,
    durationMs: (row.duration_ms as number) ?? null,
    errorCode: (row.error_code as string) ?? null,
    errorMessage: (row.error_message as string) ?? null,
    output: row.output ? JSON.parse(String(row.output)) : null,
  }
}

function toEvent(row: Row): JobEventRecord {
  return {
    id: row.id as number,
    jobId: row.job_id as string,
    at: row.at as string,
    type: row.type as string,
    status: (row.status as JobStatus) ?? null,
    message: (row.message as string) ?? null,
    data: row.data ? JSON.parse(String(row.data)) : null,
  }
}

export type JobPatch = Partial<Omit<JobRecord, 'id' | 'createdAt' | 'source'>>
export interface EventInput {
  type: string
  message?: string | null
  data?: Record<string, unknown> | null
}
export type StepPatch = Partial<Omit<StepRecord, 'name'>>

export interface JobsRepo {
  insert(job: JobRecord, steps: { name: StepName; status: StepStatus }[], event: EventInput): void
  get(id: string): JobRecord | null
  /** `printerId`: only that printer's jobs. */
  list(o: { limit: number; offset: number; status?: string; printerId?: string }): { items: JobRecord[]; total: number }
  withStatus(statuses: readonly JobStatus[]): JobRecord[]
  /**
   * Applies `patch` and appends an event in one transaction. A finished job (completed, failed,
   * cancelled, interrupted) is never changed: returns null then, unless `force` is set.
   */
  update(id: string, patch: JobPatch, event: EventInput | null, force?: boolean): JobRecord | null
  /** A running print's position, written without reading the job back or adding an event; false when the job is finished. */
  writeProgress(id: string, patch: Pick<JobPatch, 'progress' | 'lastLine' | 'byteOffset' | 'layer' | 'z' | 'printElapsedMs'>): boolean
  steps(jobId: string): StepRecord[]
  updateStep(jobId: string, name: StepName, patch: StepPatch): void
  events(jobId: string, afterId?: number): JobEventRecord[]
  count(statuses: readonly JobStatus[]): number
}

export function createJobsRepo(db: Db, now: () => Date = () => new Date()): JobsRepo {
  const insertJob = db.prepare(
    `INSERT INTO jobs (${Object.values(COLUMNS).join(', ')}) VALUES (${Object.values(COLUMNS)
      .map((c) => '@' + c)
      .join(', ')})`,
  )
  const insertStep = db.prepare('INSERT INTO job_steps (job_id, name, position, status) VALUES (?, ?, ?, ?)')
  const insertEvent = db.prepare('INSERT INTO job_events (job_id, at, type, status, message, data) VALUES (?, ?, ?, ?, ?, ?)')
  const selectJob = db.prepare('SELECT * FROM jobs WHERE id = ?')
  const selectSteps = db.prepare('SELECT * FROM job_steps WHERE job_id = ? ORDER BY position')
  const selectEvents = db.prepare('SELECT * FROM job_events WHERE job_id = ? AND id > ? ORDER BY id')
  const finished = FINISHED_STATUSES.map((s) => `'${s}'`).join(', ')

  const addEvent = (jobId: string, status: JobStatus, e: EventInput) =>
    insertEvent.run(jobId, now().toISOString(), e.type, status, e.message ?? null, e.data ? JSON.stringify(e.data) : null)

  const toRow = (job: Partial<JobRecord>): Row => {
    const row: Row = {}
    for (const [key, value] of Object.entries(job)) {
      const column = COLUMNS[key as keyof JobRecord]
      if (!column) continue
      row[column] = JSON_FIELDS.has(key as keyof JobRecord) ? JSON.stringify(value ?? {}) : (value ?? null)
    }
    return row
  }

  return {
    insert: db.transaction((job: JobRecord, steps: { name: StepName; status: StepStatus }[], event: EventInput) => {
      insertJob.run(toRow({ ...job, printerId: job.printerId ?? DEFAULT_PRINTER_ID }))
      steps.forEach((s, i) => insertStep.run(job.id, s.name, i, s.status))
      addEvent(job.id, job.status, event)
    }),
    get(id) {
      const row = selectJob.get(id) as Row | undefined
      return row ? toJob(row) : null
    },
    list({ limit, offset, status, printerId }) {
      const filters = [...(status !== undefined ? [['status', status]] : []), ...(printerId !== undefined ? [['printer_id', printerId]] : [])]
      const where = filters.length ? `WHERE ${filters.map(([column]) => `${column} = ?`).join(' AND ')}` : ''
      const params = filters.map(([, value]) => value)
      const total = db
        .prepare(`SELECT COUNT(*) FROM jobs ${where}`)
        .pluck()
        .get(...params) as number
      const rows = db.prepare(`SELECT * FROM jobs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[]
      return { items: rows.map(toJob), total }
    },
    withStatus(statuses) {
      if (statuses.length === 0) return []
      const rows = db.prepare(`SELECT * FROM jobs WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY created_at, rowid`).all(...statuses) as Row[]
      return rows.map(toJob)
    },
    update: db.transaction((id: string, patch: JobPatch, event: EventInput | null, force = false) => {
      const row = toRow({ ...patch, updatedAt: now().toISOString() })
      const sets = Object.keys(row)
        .map((c) => `${c} = @${c}`)
        .join(', ')
      const guard = force ? '' : ` AND status NOT IN (${finished})`
      const changed = db.prepare(`UPDATE jobs SET ${sets} WHERE id = @__id${guard}`).run({ ...row, __id: id }).changes
      if (changed === 0) return null
      const job = toJob(selectJob.get(id) as Row)
      if (event) addEvent(id, job.status, event)
      return job
    }),
    writeProgress(id, patch) {
      const row = toRow({ ...patch, updatedAt: now().toISOString() })
      const sets = Object.keys(row)
        .map((c) => `${c} = @${c}`)
        .join(', ')
      return db.prepare(`UPDATE jobs SET ${sets} WHERE id = @__id AND status NOT IN (${finished})`).run({ ...row, __id: id }).changes > 0
    },
    steps: (jobId) => (selectSteps.all(jobId) as Row[]).map(toStep),
    updateStep(jobId, name, patch) {
      const map: Record<string, string> = {
        status: 'status',
        startedAt: 'started_at',
        finishedAt: 'finished_at',
        durationMs: 'duration_ms',
        errorCode: 'error_code',
        errorMessage: 'error_message',
        output: 'output',
      }
      const row: Row = {}
      for (const [key, value] of Object.entries(patch)) {
        const column = map[key]
        if (column) row[column] = key === 'output' ? (value ? JSON.stringify(value) : null) : (value ?? null)
      }
      const sets = Object.keys(row)
        .map((c) => `${c} = @${c}`)
        .join(', ')
      if (!sets) return
      db.prepare(`UPDATE job_steps SET ${sets} WHERE job_id = @__job AND name = @__name`).run({ ...row, __job: jobId, __name: name })
    },
    events: (jobId, afterId = 0) => (selectEvents.all(jobId, afterId) as Row[]).map(toEvent),
    count(statuses) {
      if (statuses.length === 0) return 0
      return db
        .prepare(`SELECT COUNT(*) FROM jobs WHERE status IN (${statuses.map(() => '?').join(', ')})`)
        .pluck()
        .get(...statuses) as number
    },
  }
}
