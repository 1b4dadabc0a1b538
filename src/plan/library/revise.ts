// reviseIntent: the phone changed a parameter; the intent is rebuilt with the same checks as a typed request.

import { GatewayError, isGatewayError } from '../../core/errors.js'
import { fail } from '../intent/fail.js'
import { intentSchema, shapeSchema, type Intent } from '../intent/schema.js'
import { applyDerived, checkParam } from './params.js'
import { getFamily } from './registry.js'
import { refuseTooLarge, type Understanding, type UnderstandOptions } from './understand.js'
import type { Params } from './types.js'

export type ParamChanges = Record<string, number | string>

/**
 * Returns the intent with `changes` applied (each marked as asked), dependent values recomputed and every limit checked,
 * or a refusal saying why. The request text is kept; the notes say what changed.
 */
export function reviseIntent(input: Intent, changes: ParamChanges, options: UnderstandOptions = {}): Understanding {
  try {
    return { ok: true, intent: revise(intentSchema.parse(input), changes, options) }
  } catch (e) {
    if (!isGatewayError(e)) {
      if (e instanceof Error && e.name === 'ZodError')
        return { ok: false, code: 'VALIDATION_FAILED', reason: 'The intent is not valid', suggestions: [], closest: [] }
      throw e
    }
    const detail = (e.detail ?? {}) as Record<string, unknown>
    return {
      ok: false,
      code: e.code,
      reason: e.message,
      suggestions: Array.isArray(detail.suggestions) ? (detail.suggestions as string[]) : [],
      closest: [],
      detail,
    }
  }
}

function revise(intent: Intent, changes: ParamChanges, options: UnderstandOptions): Intent {
  const notes = [...intent.notes]
  const params = structuredClone(intent.params)
  for (const [key, value] of Object.entries(changes)) {
    const before = params[key]
    if (!before) fail('INTENT_INVALID_VALUE', `"${key}" is not a parameter of this ${intent.title}; it has ${Object.keys(params).join(', ')}`, { param: key })
    notes.push(`${before.label} changed from ${before.value} to ${value}`)
    params[key] = { ...before, value, source: 'asked' }
    delete params[key]!.note
  }
  if (intent.shape !== null) {
    const shape = { ...intent.shape, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.value])) }
    const checked = shapeSchema.safeParse(shape)
    if (!checked.success)
      fail('INTENT_INVALID_DIMENSION', `The sizes cannot be built: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
        shape,
      })
    if (checked.data.kind === 'tube' && checked.data.innerDiameter >= checked.data.outerDiameter)
      fail('INTENT_INVALID_DIMENSION', 'The hole is as wide as the tube', { shape })
    return intentSchema.parse({ ...intent, shape: checked.data, params, notes, assumptions: notes })
  }
  const family = getFamily(intent.family)
  if (!family) throw new GatewayError('INTENT_INVALID_VALUE', `Unknown family "${intent.family}"`)
  const values: Params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.value]))
  for (const key of Object.keys(changes)) {
    const reason = checkParam(family, key, values[key]!)
    if (reason) fail('INTENT_INVALID_DIMENSION', reason, { family: family.id, param: key, value: values[key] }, family.examples)
  }
  const asked = new Set(
    Object.entries(params)
      .filter(([, v]) => v.source === 'asked' || v.source === 'catalogue')
      .map(([k]) => k),
  )
  applyDerived(family, params, values, asked, notes)
  const reason = family.resolve?.(values, notes, intent.research) ?? null
  if (reason) fail('INTENT_INVALID_VALUE', reason, { family: family.id }, family.examples)
  refuseTooLarge(family, values, { clearance: intent.fit.clearanceMm, holeCompensation: intent.fit.holeCompensationMm }, options.printer)
  return intentSchema.parse({ ...intent, params, notes, assumptions: notes })
}
