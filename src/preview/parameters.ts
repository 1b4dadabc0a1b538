// The numbers of an intent a person may change on the phone, and the intent rebuilt with changed numbers.
import { GatewayError } from '../core/errors.js'

/** Job metadata key holding the numbers changed on the phone, applied again to the parsed words by the research step. */
export const PARAMETER_CHANGES_KEY = 'parameter_changes'

/** One editable number of an intent, addressed by a dotted path (`shape.width`, `count`). */
export interface IntentParameter {
  path: string
  label: string
  value: number
  unit: 'mm' | '%' | ''
  min: number
  max: number
  step: number
}

/** What the plan library may offer for parameters (the object library can describe its own families). */
export interface ParameterSource {
  intentParameters?(intent: unknown): IntentParameter[]
  reviseIntent?(intent: unknown, changes: Record<string, number>): unknown
  intentSchema?: { parse(value: unknown): unknown }
}

const LABELS: Record<string, string> = {
  width: 'Width', depth: 'Depth', height: 'Height', diameter: 'Diameter', base: 'Base', thickness: 'Thickness',
  outerDiameter: 'Outer diameter', innerDiameter: 'Hole diameter', acrossFlats: 'Across flats', wallThickness: 'Wall',
}
const MM = { unit: 'mm' as const, min: 0.3, max: 1000, step: 0.5 }
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const words = (key: string) => LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase())

/** The editable numbers: the library's own list when it has one, else the shape's lengths, count, infill and wall. */
export function intentParameters(intent: unknown, plan: ParameterSource = {}): IntentParameter[] {
  if (plan.intentParameters) return plan.intentParameters(intent)
  if (!isRecord(intent)) return []
  const list: IntentParameter[] = []
  if (isRecord(intent.parameters)) {
    for (const [key, value] of Object.entries(intent.parameters)) {
      if (typeof value === 'number') list.push({ path: `parameters.${key}`, label: words(key), value, ...MM })
    }
  }
  if (isRecord(intent.shape)) {
    for (const [key, value] of Object.entries(intent.shape)) {
      if (typeof value === 'number') list.push({ path: `shape.${key}`, label: words(key), value, ...MM })
    }
  }
  if (typeof intent.wallThickness === 'number') list.push({ path: 'wallThickness', label: 'Wall', value: intent.wallThickness, ...MM })
  if (typeof intent.count === 'number') list.push({ path: 'count', label: 'How many', value: intent.count, unit: '', min: 1, max: 100, step: 1 })
  if (typeof intent.infillPercent === 'number') list.push({ path: 'infillPercent', label: 'Infill', value: intent.infillPercent, unit: '%', min: 0, max: 100, step: 5 })
  return list
}

/**
 * The intent with the changed numbers set; only numbers the intent already has may change, and the result must pass
 * the library's schema, so a change can never produce an intent the CAD step would not have accepted from words.
 * @throws GatewayError INTENT_INVALID_VALUE
 */
export function reviseIntent(intent: unknown, changes: Record<string, number>, plan: ParameterSource = {}): unknown {
  if (plan.reviseIntent) return plan.reviseIntent(intent, changes)
  const allowed = new Map(intentParameters(intent).map((p) => [p.path, p]))
  const next = structuredClone(intent) as Record<string, unknown>
  for (const [path, value] of Object.entries(changes)) {
    const parameter = allowed.get(path)
    if (!parameter) throw new GatewayError('INTENT_INVALID_VALUE', `"${path}" is not a number of this object that can be changed`, { detail: { path, allowed: [...allowed.keys()] } })
    if (!Number.isFinite(value) || value < parameter.min || value > parameter.max || (parameter.step === 1 && !Number.isInteger(value))) {
      throw new GatewayError('INTENT_INVALID_VALUE', `${parameter.label} must be ${parameter.step === 1 ? 'a whole number ' : ''}from ${parameter.min} to ${parameter.max}${parameter.unit ? ` ${parameter.unit}` : ''}`, { detail: { path, value } })
    }
    const keys = path.split('.')
    let target = next
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>
    target[keys.at(-1)!] = value
  }
  const changed = Object.entries(changes).map(([path, value]) => `${allowed.get(path)!.label} changed to ${value}${allowed.get(path)!.unit ? ` ${allowed.get(path)!.unit}` : ''} on the phone`)
  if (Array.isArray(next.assumptions)) next.assumptions = [...(next.assumptions as string[]), ...changed]
  if (!plan.intentSchema) return next
  try {
    return plan.intentSchema.parse(next)
  } catch (error) {
    throw new GatewayError('INTENT_INVALID_VALUE', `Those numbers do not make a printable object: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`, { detail: { changes } })
  }
}
