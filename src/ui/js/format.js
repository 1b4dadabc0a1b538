// Pure formatting: durations, clock times, temperatures, status words and the understood request.

/** "1 h 05 min", "4 min 10 s", "12 s". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds > 0 && seconds < 1) return 'under 1 s'
  const s = Math.round(seconds)
  const hours = Math.floor(s / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const secs = s % 60
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`
  if (minutes > 0) return `${minutes} min ${String(secs).padStart(2, '0')} s`
  return `${secs} s`
}

// One formatter each: toLocale*String builds a new one per call, which cost 386 ms of a slowed-down first load.
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' })
const WEEKDAY = new Intl.DateTimeFormat([], { weekday: 'short' })
const WHEN = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

/** A wall-clock time ("14:32"), with the weekday when it is not today. */
export function formatClock(date, now = new Date()) {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return '—'
  const time = TIME.format(date)
  if (date.toDateString() === now.toDateString()) return time
  return `${WEEKDAY.format(date)} ${time}`
}

/** A date and time for lists ("26 Nov, 14:32"). */
export function formatWhen(iso) {
  const date = iso ? new Date(iso) : null
  if (!date || Number.isNaN(date.getTime())) return '—'
  return WHEN.format(date)
}

export function formatTemp(value) {
  return Number.isFinite(value) ? `${Math.round(value)}°` : '—'
}

export function formatTarget(value) {
  return Number.isFinite(value) && value > 0 ? `→ ${Math.round(value)}°` : 'off'
}

/** Filament as metres and grams when known. */
export function formatFilament(mm, grams) {
  const parts = []
  if (Number.isFinite(mm) && mm > 0) parts.push(mm >= 1000 ? `${(mm / 1000).toFixed(2)} m` : `${Math.round(mm)} mm`)
  if (Number.isFinite(grams) && grams > 0) parts.push(`${grams.toFixed(grams < 10 ? 1 : 0)} g`)
  return parts.length ? parts.join(' · ') : '—'
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '—'
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

const STATUS_WORDS = {
  pending: 'Waiting to start',
  research_phase: 'Understanding the request',
  cad_phase: 'Building the model',
  slicing_phase: 'Slicing',
  queued: 'Queued',
  printing_phase: 'Printing',
  paused: 'Paused',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
}

export function statusWords(status) {
  return STATUS_WORDS[status] ?? (status ? String(status).replaceAll('_', ' ') : 'Unknown')
}

export const FINISHED_STATUSES = new Set(['completed', 'failed', 'cancelled', 'interrupted'])
export const isFinished = (status) => FINISHED_STATUSES.has(status)

const PRINTER_WORDS = {
  disconnected: 'Disconnected',
  connecting: 'Connecting',
  handshake: 'Connecting',
  operational: 'Ready',
  printing: 'Printing',
  paused: 'Paused',
  error: 'Error',
}

export function printerWords(state) {
  return PRINTER_WORDS[state] ?? 'Unknown'
}

const round = (n) => (Number.isFinite(n) ? String(Math.round(n * 10) / 10) : '?')

/** The size of the planner's shape ({kind, …} in millimetres) in words. */
export function describeShape(shape) {
  if (!shape || typeof shape !== 'object') return null
  switch (shape.kind) {
    case 'box':
      return `${round(shape.width)} × ${round(shape.depth)} × ${round(shape.height)} mm`
    case 'cylinder':
    case 'cone':
      return `⌀ ${round(shape.diameter)} × ${round(shape.height)} mm`
    case 'sphere':
      return `⌀ ${round(shape.diameter)} mm`
    case 'pyramid':
      return `${round(shape.base)} × ${round(shape.base)} × ${round(shape.height)} mm`
    case 'torus':
      return `⌀ ${round(shape.diameter)} mm, ${round(shape.thickness)} mm thick`
    case 'tube':
      return `⌀ ${round(shape.outerDiameter)} / ${round(shape.innerDiameter)} × ${round(shape.height)} mm`
    case 'hex_prism':
      return `${round(shape.acrossFlats)} mm across flats × ${round(shape.height)} mm`
    default:
      return null
  }
}

/**
 * What the gateway understood, in a few words: "cube 20 × 20 × 20 mm, PETG, standard".
 * `intent` is the planner's intent ({object, shape, count, material, quality, infillPercent, hollow});
 * `fallback` fills what the request left to the print profile (the job's quality level).
 */
export function describeIntent(intent, fallback = {}) {
  if (!intent || typeof intent !== 'object') return null
  const shapeName = typeof intent.shape === 'string' ? intent.shape : intent.shape?.kind
  const name = String(intent.object ?? shapeName ?? 'object').replaceAll('_', ' ')
  const count = Number.isInteger(intent.count) && intent.count > 1 ? `${intent.count} × ` : ''
  const size = describeShape(intent.shape) ?? (Number.isFinite(intent.size) ? `${round(intent.size)} mm` : null)
  const parts = [`${count}${name}${size ? ` ${size}` : ''}${intent.hollow ? ', hollow' : ''}`]
  if (intent.material) parts.push(String(intent.material).toUpperCase())
  const quality = intent.quality ?? fallback.quality
  if (quality) parts.push(String(quality))
  if (Number.isFinite(intent.infillPercent)) parts.push(`${intent.infillPercent}% infill`)
  return parts.join(', ')
}
