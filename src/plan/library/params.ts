// Fills a family's parameters: what was read, else the default (said in the notes); every value checked against its limits.

import { fail } from '../intent/fail.js'
import type { IntentParam } from '../intent/schema.js'
import type { BuildContext, Family, Params, ParamSpec, ReadValue } from './types.js'

const show = (v: number | string, spec: ParamSpec) => (spec.unit === 'mm' ? `${v} mm` : spec.unit === 'ml' ? `${v} ml` : spec.unit === 'deg' ? `${v}°` : `${v}`)

/** Checks one value against its spec; returns the refusal reason or null. */
export function checkParam(family: Family, key: string, value: number | string): string | null {
  const spec = family.params[key]
  if (!spec) return `${family.title} has no parameter "${key}"; it has ${Object.keys(family.params).join(', ')}`
  if (spec.unit === 'text')
    return typeof value === 'string' && value.trim().length > 0 && value.length <= 60 ? null : `The ${spec.label} must be 1 to 60 characters`
  if (spec.unit === 'choice')
    return spec.choices?.includes(String(value)) ? null : `The ${spec.label} must be one of ${spec.choices?.join(', ')}, not "${value}"`
  if (typeof value !== 'number' || !Number.isFinite(value)) return `The ${spec.label} must be a number`
  if (spec.integer && !Number.isInteger(value)) return `The ${spec.label} must be a whole number, not ${value}`
  if (spec.min !== undefined && value < spec.min)
    return `A ${family.title.toLowerCase()} needs a ${spec.label} of at least ${show(spec.min, spec)}; ${show(value, spec)} is too small to print${spec.unit === 'count' ? '' : ' well'}`
  if (spec.max !== undefined && value > spec.max)
    return `A ${family.title.toLowerCase()} can have a ${spec.label} of at most ${show(spec.max, spec)}; ${show(value, spec)} is too large`
  return null
}

export function completeParams(
  family: Family,
  read: Record<string, ReadValue | undefined>,
  notes: string[],
  _ctx: BuildContext,
): { params: Record<string, IntentParam>; values: Params } {
  const params: Record<string, IntentParam> = {}
  const values: Params = {}
  const optionalAsked = Object.entries(read).some(([k, r]) => r && family.params[k]?.optional)
  for (const [key, spec] of Object.entries(family.params)) {
    if (spec.optional && !optionalAsked) continue
    const r = read[key]
    const value = r ? r.value : spec.default
    const reason = checkParam(family, key, value)
    if (reason) fail('INTENT_INVALID_DIMENSION', reason, { family: family.id, param: key, value, min: spec.min, max: spec.max }, family.examples)
    if (r?.note) notes.push(r.note)
    if (!r && spec.unit !== 'choice') notes.push(`${spec.label} not given: ${show(value, spec)} (the default)`)
    if (!r && spec.unit === 'choice') notes.push(`${spec.label} not given: ${value} (the default)`)
    values[key] = value
    params[key] = {
      value,
      unit: spec.unit,
      source: r ? r.source : 'default',
      label: spec.label,
      ...(r?.note ? { note: r.note } : {}),
      ...(spec.min !== undefined ? { min: spec.min } : {}),
      ...(spec.max !== undefined ? { max: spec.max } : {}),
      ...(spec.choices ? { choices: [...spec.choices] } : {}),
    }
  }
  const asked = new Set(
    Object.entries(read)
      .filter(([, r]) => r && r.source !== 'default')
      .map(([k]) => k),
  )
  applyDerived(family, params, values, asked, notes)
  return { params, values }
}

/** Lets the family recompute dependent values; each is checked against its limits like a read one. */
export function applyDerived(family: Family, params: Record<string, IntentParam>, values: Params, asked: ReadonlySet<string>, notes: string[]): void {
  const derived = family.derive?.(values, asked, notes) ?? {}
  for (const [key, r] of Object.entries(derived)) {
    const reason = checkParam(family, key, r.value)
    if (reason) fail('INTENT_INVALID_DIMENSION', reason, { family: family.id, param: key, value: r.value }, family.examples)
    const before = params[key]!
    const wasDefaultNote = `${before.label} not given: `
    const at = notes.findIndex((n) => n.startsWith(wasDefaultNote))
    if (at >= 0) notes.splice(at, 1)
    if (r.note) notes.push(r.note)
    values[key] = r.value
    params[key] = { ...before, value: r.value, source: r.source, ...(r.note ? { note: r.note } : {}) }
  }
}
