// What the screen says about a job, derived from its state alone: tone, one progress figure, one duration, the end time and its label.

import { formatClock, formatDuration } from './format.js'
import { elapsedNow, printerProgressFor, STAGES, stagesOf } from './job-model.js'

const ENDED = new Set(['completed', 'failed', 'cancelled', 'interrupted'])

/** The colour family of a status: a cancel the person chose is neutral, not a failure. */
export function jobTone(status) {
  if (status === 'completed') return 'ok'
  if (status === 'cancelled') return 'neutral'
  if (status === 'failed' || status === 'interrupted') return 'danger'
  if (status === 'paused') return 'warn'
  return 'active'
}

/**
 * The one progress figure shown everywhere (dashboard, job page, tab title):
 * before printing the step reached; while printing the printer's own percentage (bytes confirmed,
 * the same number as the API's progress_percentage); after, done or where it stopped.
 */
export function progressOf(job, printer) {
  const status = job?.status
  if (status === 'printing_phase' || status === 'paused') {
    const own = printerProgressFor(printer, job)
    const percent = Math.max(0, Math.min(100, own?.percent ?? job.progress ?? 0))
    return { mode: 'printing', percent }
  }
  if (status === 'completed') return { mode: 'done', percent: 100 }
  if (ENDED.has(status)) return { mode: 'stopped', percent: null, layer: job.layer ?? null, layerCount: job.layerCount ?? null }
  const stages = stagesOf(job)
  const at = Math.max(
    0,
    stages.findIndex((s) => s.status === 'running' || s.status === 'pending'),
  )
  return { mode: 'steps', percent: null, step: at + 1, of: STAGES.length, label: stages[at]?.label ?? '' }
}

/** "42.5 %" below 10 with a decimal, whole numbers above. */
export function formatPercent(percent) {
  return `${percent.toFixed(percent > 0 && percent < 10 ? 1 : 0)} %`
}

/** The progress figure in words: "42 %", "Step 3 of 5: Slice", "Done", "Stopped at layer 1 of 50". */
export function progressWords(progress) {
  if (progress.mode === 'printing') return formatPercent(progress.percent)
  if (progress.mode === 'done') return '100 %'
  if (progress.mode === 'stopped') {
    if (!progress.layer) return 'Stopped before printing'
    return `Stopped at layer ${progress.layer}${progress.layerCount ? ` of ${progress.layerCount}` : ''}`
  }
  return `Step ${progress.step} of ${progress.of}: ${progress.label}`
}

/** The tab title: the same figure as the page. */
export function titleFor(job, printer) {
  if (!job || (job.status !== 'printing_phase' && job.status !== 'paused')) return 'printgate'
  return `${formatPercent(progressOf(job, printer).percent)} ${job.status === 'paused' ? 'paused' : 'printing'} · printgate`
}

/** Print time without pauses: the printer's own clock while it prints, the recorded time after. One figure everywhere. */
export function printSeconds(job, printer, now = Date.now()) {
  const own = printerProgressFor(printer, job)
  if (own && Number.isFinite(own.elapsedMs)) return own.elapsedMs / 1000
  if (Number.isFinite(job.actualSeconds) && job.actualSeconds > 0) return job.actualSeconds
  return elapsedNow(job, now)
}

/**
 * When it finishes (active jobs) or when it ended, and the words for it: "Done at" only for a job that
 * finished or will; "Stopped at" for cancelled, failed and interrupted ones. While paused the finish moves on.
 */
export function endOf(job, now = Date.now()) {
  if (ENDED.has(job.status)) {
    const at = new Date(job.finishedAt ?? job.updatedAt ?? NaN)
    return { label: job.status === 'completed' ? 'Done at' : 'Stopped at', at: Number.isNaN(at.getTime()) ? null : at, moving: false }
  }
  if (job.status === 'paused' && Number.isFinite(job.etaRemainingSeconds)) {
    return { label: 'Done at', at: new Date(now + job.etaRemainingSeconds * 1000), moving: true }
  }
  return { label: 'Done at', at: job.etaAt instanceof Date && !Number.isNaN(job.etaAt.getTime()) ? job.etaAt : null, moving: false }
}

/** "14:32 (in 4 min 10 s)" for a finish ahead, "14:32" for one behind. */
export function endWords(end, now = Date.now()) {
  if (!end.at) return '—'
  const left = (end.at.getTime() - now) / 1000
  return left > 0 && end.label === 'Done at' ? `${formatClock(end.at)} (in ${formatDuration(left)})` : formatClock(end.at)
}
