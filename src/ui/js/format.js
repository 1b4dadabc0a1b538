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

/** A wall-clock time ("14:32"), with the weekday when it is not today. */
export function formatClock(date, now = new Date()) {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return '—'
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  if (date.toDateString() === now.toDateString()) return time
  return `${date.toLocaleDateString([], { weekday: 'short' })} ${time}`
}

/** A date and time for lists ("26 Nov, 14:32"). */
export function formatWhen(iso) {
  const date = iso ? new Date(iso) : null
  if (!date || Number.isNaN(date.getTime())) return '—'
  return date.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
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

const round = (n) => (Number.isFinite(n) ? String(Math.round(n * 10) / 10) : null)

/**
 * What the gateway understood, in a few words: "cube 20 × 20 × 20 mm, PETG, standard".
 * Accepts the intent object in the shapes the planner may give it.
 */
export function describeIntent(intent, extra = {}) {
  if (!intent || typeof intent !== 'object') return null
  const parts = []
  const shape = intent.shape ?? intent.kind ?? intent.object ?? intent.type
  const count = Number(intent.count ?? intent.quantity ?? 1)
  const dims = dimensionsOf(intent)
  let head = [count > 1 ? `${count} ×` : null, shape ? String(shape).replaceAll('_', ' ') : null, dims]
    .filter(Boolean)
    .join(' ')
  if (intent.hollow === true) head += ' (hollow)'
  if (head) parts.push(head)
  const material = intent.material ?? extra.material
  if (material) parts.push(String(material).toUpperCase())
  const quality = intent.quality ?? extra.quality
  if (quality) parts.push(String(quality))
  const infill = intent.infillPercent ?? intent.infill_percent ?? intent.infill
  if (Number.isFinite(infill)) parts.push(`${infill}% infill`)
  return parts.length ? parts.join(', ') : null
}

function dimensionsOf(intent) {
  const d = intent.dimensions ?? intent.size ?? intent.dims ?? intent.params ?? intent
  if (Array.isArray(d)) {
    const values = d.map(round).filter(Boolean)
    return values.length ? `${values.join(' × ')} mm` : null
  }
  if (!d || typeof d !== 'object') return null
  const pick = (...keys) => {
    for (const key of keys) if (Number.isFinite(d[key])) return d[key]
    return null
  }
  const box = [pick('x', 'width', 'widthMm'), pick('y', 'depth', 'length', 'depthMm', 'lengthMm'), pick('z', 'height', 'heightMm')]
  if (box.every((v) => v !== null)) return `${box.map(round).join(' × ')} mm`
  const diameter = pick('diameter', 'diameterMm', 'outerDiameter', 'outerDiameterMm')
  const radius = pick('radius', 'radiusMm')
  const height = pick('height', 'heightMm', 'thickness', 'thicknessMm')
  const size = pick('size', 'sizeMm', 'side', 'sideMm', 'edge', 'edgeMm')
  const bits = []
  if (diameter !== null) bits.push(`⌀ ${round(diameter)}`)
  else if (radius !== null) bits.push(`⌀ ${round(radius * 2)}`)
  if (size !== null && diameter === null) bits.push(`${round(size)} × ${round(size)} × ${round(size)}`)
  if (height !== null && size === null) bits.push(`× ${round(height)}`)
  return bits.length ? `${bits.join(' ')} mm` : null
}
