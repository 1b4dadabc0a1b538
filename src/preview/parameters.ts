// The values of an intent a person may change on the phone, and the intent rebuilt with changed values.
import { ERROR_CODES, GatewayError, type ErrorCode } from '../core/errors.js'

/** Job metadata key holding the values changed on the phone, applied again to the parsed words by the research step. */
export const PARAMETER_CHANGES_KEY = 'parameter_changes'

export type ParameterValue = number | string
export type ParameterChanges = Record<string, ParameterValue>

/** One changeable value of an intent: a family parameter (`width`, `text`) or, for old intents, a dotted path (`shape.width`). */
export interface IntentParameter {
  path: string
  label: string
  kind: 'number' | 'text'
  value: ParameterValue
  unit: string
  min: number | null
  max: number | null
  step: number | null
}

/** What the plan library may offer: its own parameter list, its own revision (an intent or a refusal), its schema. */
export interface ParameterSource {
  intentParameters?(intent: unknown): IntentParameter[]
  reviseIntent?(intent: unknown, changes: ParameterChanges): unknown
  intentSchema?: { parse(value: unknown): unknown }
}

const UNIT_WORDS: Record<string, string> = { mm: 'mm', ml: 'ml', deg: '°', count: '', text: '', choice: '' }
const LABELS: Record<string, string> = {
  width: 'Width',
  depth: 'Depth',
  height: 'Height',
  diameter: 'Diameter',
  base: 'Base',
  thickness: 'Thickness',
  outerDiameter: 'Outer diameter',
  innerDiameter: 'Hole diameter',
  acrossFlats: 'Across flats',
  wallThickness: 'Wall',
}
const MM = { kind: 'number' as const, unit: 'mm', min: 0.3, max: 1000, step: 0.5 }
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const words = (key: string) => LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase())

/** The object library's `params` (value, unit, label, limits); derived values are left out, they follow the others. */
function libraryParameters(params: Record<string, unknown>): IntentParameter[] {
  const list: IntentParameter[] = []
  for (const [key, raw] of Object.entries(params)) {
    if (!isRecord(raw) || raw.source === 'derived' || raw.unit === 'choice') continue
    const text = typeof raw.value === 'string'
    if (!text && typeof raw.value !== 'number') continue
    list.push({
      path: key,
      label: typeof raw.label === 'string' ? raw.label.replace(/^./, (c) => c.toUpperCase()) : words(key),
      kind: text ? 'text' : 'number',
      value: raw.value as ParameterValue,
      unit: UNIT_WORDS[String(raw.unit)] ?? '',
      min: typeof raw.min === 'number' ? raw.min : null,
      max: typeof raw.max === 'number' ? raw.max : null,
      step: raw.unit === 'count' ? 1 : null,
    })
  }
  return list
}

/** The changeable values: the library's own list when it has one, else its `params`, else the shape's lengths, count and infill. */
export function intentParameters(intent: unknown, plan: ParameterSource = {}): IntentParameter[] {
  if (plan.intentParameters) return plan.intentParameters(intent)
  if (!isRecord(intent)) return []
  if (isRecord(intent.params) && Object.keys(intent.params).length > 0) return libraryParameters(intent.params)
  const list: IntentParameter[] = []
  if (isRecord(intent.shape)) {
    for (const [key, value] of Object.entries(intent.shape)) {
      if (typeof value === 'number') list.push({ path: `shape.${key}`, label: words(key), value, ...MM })
    }
  }
  if (typeof intent.wallThickness === 'number') list.push({ path: 'wallThickness', label: 'Wall', value: intent.wallThickness, ...MM })
  if (typeof intent.count === 'number')
    list.push({ path: 'count', label: 'How many', kind: 'number', value: intent.count, unit: '', min: 1, max: 100, step: 1 })
  if (typeof intent.infillPercent === 'number')
    list.push({ path: 'infillPercent', label: 'Infill', kind: 'number', value: intent.infillPercent, unit: '%', min: 0, max: 100, step: 5 })
  return list
}

const asCode = (code: unknown): ErrorCode =>
  typeof code === 'string' && code in ERROR_CODES && code !== 'VALIDATION_FAILED' ? (code as ErrorCode) : 'INTENT_INVALID_VALUE'

/** The library answers `{ ok, intent }` or `{ ok: false, code, reason, suggestions }`; a refusal becomes the 4xx it names. */
function unwrap(answer: unknown): unknown {
  if (!isRecord(answer) || typeof answer.ok !== 'boolean') return answer
  if (answer.ok) return answer.intent
  throw new GatewayError(asCode(answer.code), typeof answer.reason === 'string' ? answer.reason : 'Those values do not make a printable object', {
    detail: { suggestions: Array.isArray(answer.suggestions) ? answer.suggestions : [], ...(isRecord(answer.detail) ? answer.detail : {}) },
  })
}

/**
 * The intent with the changed values set. Only values the intent already has may change, each within its limits, and the
 * result passes the library's own checks, so a change can never produce an intent the words could not have produced.
 * @throws GatewayError INTENT_INVALID_VALUE | INTENT_INVALID_DIMENSION (or the library's own refusal code)
 */
export function reviseIntent(intent: unknown, changes: ParameterChanges, plan: ParameterSource = {}): unknown {
  const allowed = new Map(intentParameters(intent, plan).map((p) => [p.path, p]))
  for (const [path, value] of Object.entries(changes)) {
    const parameter = allowed.get(path)
    if (!parameter)
      throw new GatewayError('INTENT_INVALID_VALUE', `"${path}" is not a value of this object that can be changed`, {
        detail: { path, allowed: [...allowed.keys()] },
      })
    checkValue(parameter, value)
  }
  if (plan.reviseIntent) return unwrap(plan.reviseIntent(intent, changes))
  const next = structuredClone(intent) as Record<string, unknown>
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.')
    let target = next
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>
    target[keys.at(-1)!] = value
  }
  const changed = Object.entries(changes).map(
    ([path, value]) => `${allowed.get(path)!.label} changed to ${value}${allowed.get(path)!.unit ? ` ${allowed.get(path)!.unit}` : ''} on the phone`,
  )
  if (Array.isArray(next.assumptions)) next.assumptions = [...(next.assumptions as string[]), ...changed]
  if (!plan.intentSchema) return next
  try {
    return plan.intentSchema.parse(next)
  } catch (error) {
    throw new GatewayError(
      'INTENT_INVALID_VALUE',
      `Those values do not make a printable object: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
      { detail: { changes } },
    )
  }
}

function checkValue(p: IntentParameter, value: ParameterValue): void {
  if (p.kind === 'text') {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 100)
      throw new GatewayError('INTENT_INVALID_VALUE', `${p.label} must be some text (up to 100 characters)`, { detail: { path: p.path } })
    return
  }
  const range = p.min !== null && p.max !== null ? ` from ${p.min} to ${p.max}${p.unit ? ` ${p.unit}` : ''}` : ''
  const whole = p.step === 1
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (p.min !== null && value < p.min) ||
    (p.max !== null && value > p.max) ||
    (whole && !Number.isInteger(value)) ||
    (value <= 0 && p.min === null)
  ) {
    throw new GatewayError('INTENT_INVALID_VALUE', `${p.label} must be ${whole ? 'a whole number' : 'a number'}${range || ' above 0'}`, {
      detail: { path: p.path, value },
    })
  }
}
