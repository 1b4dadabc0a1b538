// Normalises the gateway's job payloads (REST status, list items, WebSocket updates) into one view model.

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const pickNum = (...values) => {
  for (const v of values) {
    const n = num(typeof v === 'string' && v.trim() !== '' ? Number(v) : v)
    if (n !== null) return n
  }
  return null
}

/** The five stages a person sees; the queue stage is derived from the job status. */
export const STAGES = [
  { key: 'research', label: 'Understand', api: 'research' },
  { key: 'cad', label: 'Model', api: 'cad' },
  { key: 'slicing', label: 'Slice', api: 'slicing' },
  { key: 'queue', label: 'Queue', api: null },
  { key: 'printing', label: 'Print', api: 'printing' },
]

/** Merges a raw payload into the previous view model (WebSocket messages carry only some fields). */
export function mergeJob(prev, raw) {
  const job = { ...(prev ?? {}) }
  const stale = prev ? isStale(prev, raw) : false
  const id = raw.job_id ?? raw.workflow_id ?? raw.id
  if (id) job.id = String(id)
  const set = (key, value) => {
    if (value !== undefined) job[key] = value
  }
  if (!stale) {
    set('status', raw.status)
    set('progress', pickNum(raw.progress_percentage, raw.progress) ?? undefined)
    set('currentStep', raw.current_step)
    set('message', raw.message)
    set('updatedAt', raw.updated_at ?? raw.timestamp)
    set('restUpdatedAt', raw.updated_at)
  }
  set('createdAt', raw.created_at)
  set('startedAt', raw.started_at)
  set('finishedAt', raw.finished_at ?? raw.completed_at)
  set('source', raw.source)
  set('request', raw.user_request ?? raw.request)
  set('fileName', raw.file_name ?? raw.filename ?? raw.file?.name ?? raw.metadata?.file_name)
  set('fileId', raw.file_id)
  set('metadata', raw.metadata)
  set('errorCode', raw.error_code)
  set('errorMessage', raw.error_message ?? raw.error?.message)
  set('outputFiles', raw.output_files)
  set('estimatedCompletion', raw.estimated_completion)
  set('printerProfile', raw.printer_profile)
  set('qualityLevel', raw.quality_level)
  set('temperatures', raw.temperatures)
  set('intent', raw.intent ?? raw.metadata?.intent ?? raw.understood)
  set('printGate', raw.print_gate)
  if (Array.isArray(raw.steps)) job.steps = raw.steps.map(normaliseStep)
  const layer = raw.layer
  if (layer && typeof layer === 'object') {
    set('layer', pickNum(layer.current, layer.n, layer.layer) ?? undefined)
    set('layerCount', pickNum(layer.total, layer.of, layer.count) ?? undefined)
  } else if (layer !== undefined) job.layer = pickNum(layer)
  const layerCount = pickNum(raw.layer_count, raw.layers_total, raw.total_layers)
  if (layerCount !== null) job.layerCount = layerCount
  const z = pickNum(raw.z, raw.z_mm)
  if (z !== null) job.z = z
  readEta(job, raw)
  const elapsed = pickNum(raw.elapsed_seconds, raw.print_elapsed_seconds, msToS(raw.print_elapsed_ms), msToS(raw.elapsed_ms))
  if (elapsed !== null) {
    job.elapsedSeconds = elapsed
    job.elapsedAt = Date.now()
  }
  const estimate = pickNum(raw.estimated_seconds, raw.estimated_print_seconds, raw.slicer_estimate_seconds)
  if (estimate !== null) job.estimatedSeconds = estimate
  const actual = pickNum(raw.actual_seconds, raw.print_duration_seconds)
  if (actual !== null) job.actualSeconds = actual
  const filamentMm = pickNum(raw.filament_mm, raw.filament_used_mm, raw.filament_used)
  if (filamentMm !== null) job.filamentMm = filamentMm
  const filamentG = pickNum(raw.filament_g, raw.filament_grams)
  if (filamentG !== null) job.filamentG = filamentG
  return job
}

const FINISHED = new Set(['completed', 'failed', 'cancelled', 'interrupted'])
const RANK = { pending: 0, research_phase: 1, cad_phase: 2, slicing_phase: 3, queued: 4, printing_phase: 5, paused: 5 }

/**
 * True when the payload's status is older than the one shown: a POST reply overtaken by the
 * WebSocket, or an earlier REST reply arriving late. A finished job never changes status again.
 * Other fields (steps, outputs) still merge.
 */
function isStale(prev, raw) {
  if (!raw.status || !prev.status) return false
  if (FINISHED.has(prev.status)) return raw.status !== prev.status
  if (!FINISHED.has(raw.status) && (RANK[raw.status] ?? 0) < (RANK[prev.status] ?? 0)) return true
  const then = Date.parse(raw.updated_at ?? '')
  const shown = Date.parse(prev.restUpdatedAt ?? '')
  return !Number.isNaN(then) && !Number.isNaN(shown) && then < shown
}

const msToS = (ms) => (typeof ms === 'number' && Number.isFinite(ms) ? ms / 1000 : null)

function readEta(job, raw) {
  const eta = raw.eta ?? raw.eta_at ?? raw.estimated_completion
  if (typeof eta === 'string' && !Number.isNaN(Date.parse(eta))) {
    job.etaAt = new Date(eta)
    return
  }
  const remaining = pickNum(raw.eta_seconds, raw.remaining_seconds, typeof eta === 'number' ? eta : null, eta?.remaining_seconds)
  if (remaining !== null) {
    job.etaAt = new Date(Date.now() + remaining * 1000)
    // Kept so a paused job's finish can move on with the clock.
    job.etaRemainingSeconds = remaining
  } else if (typeof eta?.at === 'string') job.etaAt = new Date(eta.at)
}

function normaliseStep(raw) {
  return {
    name: raw.name ?? raw.step ?? raw.step_name,
    title: raw.title ?? raw.description ?? null,
    status: raw.status ?? 'pending',
    startedAt: raw.started_at ?? raw.start_time ?? null,
    finishedAt: raw.finished_at ?? raw.end_time ?? null,
    durationSeconds: pickNum(raw.duration_seconds, msToS(raw.duration_ms)),
    errorCode: raw.error_code ?? null,
    errorMessage: raw.error_message ?? null,
  }
}

/** The five stages with a status each, for the live step list. */
export function stagesOf(job) {
  const steps = new Map((job.steps ?? []).map((s) => [s.name, s]))
  const status = job.status
  return STAGES.map((stage) => {
    if (stage.key === 'queue') return { ...stage, status: queueStatus(job, steps.get('printing')), step: null }
    const step = steps.get(stage.api)
    return { ...stage, status: agreeWithJob(stage.api, step?.status ?? inferStatus(stage.api, status), status), step }
  })
}

/**
 * A step never contradicts its job: nothing is "in progress" in an ended job (it failed, or was stopped by
 * the person for a cancel), and the Print step runs while the job prints or is paused.
 */
function agreeWithJob(stepName, stepStatus, jobStatus) {
  if (stepName === 'printing' && (jobStatus === 'printing_phase' || jobStatus === 'paused')) return 'running'
  if (!FINISHED.has(jobStatus)) return stepStatus
  if (stepStatus === 'running') return jobStatus === 'cancelled' ? 'cancelled' : 'failed'
  if (stepStatus === 'pending') return 'skipped'
  if (stepStatus === 'failed' && jobStatus === 'cancelled') return 'cancelled'
  return stepStatus
}

const ORDER = ['pending', 'research_phase', 'cad_phase', 'slicing_phase', 'queued', 'printing_phase', 'paused', 'completed']
const STAGE_AT = { research: 'research_phase', cad: 'cad_phase', slicing: 'slicing_phase', printing: 'printing_phase' }

function inferStatus(stepName, status) {
  const at = ORDER.indexOf(STAGE_AT[stepName])
  const now = ORDER.indexOf(status)
  if (now < 0) return 'pending'
  if (now === at || (stepName === 'printing' && status === 'paused')) return 'running'
  return now > at ? 'completed' : 'pending'
}

function queueStatus(job, printingStep) {
  if (job.status === 'queued') return 'running'
  const printingStarted = printingStep ? ['running', 'completed', 'failed'].includes(printingStep.status) : false
  if (printingStarted || ['printing_phase', 'paused', 'completed'].includes(job.status)) return 'completed'
  if (['cancelled', 'failed', 'interrupted'].includes(job.status)) return 'skipped'
  return 'pending'
}

/** The title of a job in a list: its request text, or the file it prints. */
export function jobTitle(job) {
  return job.request || job.fileName || job.metadata?.file_name || `Job ${String(job.id ?? '').slice(0, 8)}`
}

/** Seconds spent printing so far, advancing locally between updates. */
export function elapsedNow(job, now = Date.now()) {
  if (job.elapsedSeconds !== undefined && job.elapsedSeconds !== null) {
    const running = job.status === 'printing_phase' && job.elapsedAt
    return job.elapsedSeconds + (running ? (now - job.elapsedAt) / 1000 : 0)
  }
  const printing = (job.steps ?? []).find((s) => s.name === 'printing')
  const start = Date.parse(printing?.startedAt ?? job.startedAt ?? '')
  if (Number.isNaN(start)) return null
  const end = Date.parse(printing?.finishedAt ?? job.finishedAt ?? '')
  return ((Number.isNaN(end) ? now : end) - start) / 1000
}

/** Total duration of a finished or running job, from creation. */
export function totalDuration(job, now = Date.now()) {
  const start = Date.parse(job.createdAt ?? '')
  if (Number.isNaN(start)) return null
  const end = Date.parse(job.finishedAt ?? '')
  return (
    ((Number.isNaN(end)
      ? job.status && !['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status)
        ? now
        : Date.parse(job.updatedAt ?? '')
      : end) -
      start) /
    1000
  )
}

/** The printer's own progress for this job (bytes confirmed, time without pauses), while it prints it. */
export function printerProgressFor(printer, job) {
  const printing = printer?.job
  return printing && printing.jobId === job.id && ['printing_phase', 'paused'].includes(job.status) ? printing : null
}
