// The 17 primitives (cube, cylinder, washer …) stay with the primitive parser; this gives their intents the library's fields.

import { GatewayError, isGatewayError } from '../../core/errors.js'
import { parsePrimitive } from '../intent/parse-intent.js'
import { intentSchema, type Intent, type IntentParam, type PrimitiveIntent, type Shape } from '../intent/schema.js'
import type { ResearchEntry } from '../research/index.js'
import { families } from './registry.js'
import { closestSuggestions } from './suggest.js'
import type { BuildContext } from './types.js'

const LABELS: Record<string, string> = {
  width: 'width',
  depth: 'depth',
  height: 'height',
  diameter: 'diameter',
  base: 'base',
  thickness: 'thickness',
  outerDiameter: 'outer diameter',
  innerDiameter: 'inner diameter',
  acrossFlats: 'width across flats',
}

/** A primitive's shape as editable parameters (all in mm, as asked). */
export function shapeParams(shape: Shape): Record<string, IntentParam> {
  return Object.fromEntries(
    Object.entries(shape)
      .filter(([k]) => k !== 'kind')
      .map(([k, v]) => [k, { value: v as number, unit: 'mm', source: 'asked', label: LABELS[k] ?? k, min: 0.3, max: 1000 } satisfies IntentParam]),
  )
}

export function wrapPrimitive(request: string, ctx: BuildContext, notes: string[], research: ResearchEntry[]): Intent {
  let p: PrimitiveIntent
  try {
    p = parsePrimitive(request)
  } catch (e) {
    if (!isGatewayError(e) || !['INTENT_UNSUPPORTED_SHAPE', 'INTENT_NOT_UNDERSTOOD'].includes(e.code)) throw e
    const { closest, suggestions } = closestSuggestions(request, families)
    const detail = (e.detail ?? {}) as Record<string, unknown>
    const titles = closest.map((id) => families.find((f) => f.id === id)!.title.toLowerCase())
    const message =
      e.code === 'INTENT_UNSUPPORTED_SHAPE' && typeof detail.object === 'string'
        ? `printgate's object library has no "${detail.object}"; the closest it can build: ${titles.join(', ')}`
        : `${e.message}; the closest objects printgate builds: ${titles.join(', ')}`
    throw new GatewayError(e.code, message, { detail: { ...detail, closest, suggestions } })
  }
  return intentSchema.parse({
    ...p,
    family: p.object,
    title: p.object.replace('_', ' '),
    params: shapeParams(p.shape),
    notes: [...notes, ...p.assumptions],
    assumptions: [...notes, ...p.assumptions],
    research,
    fit: { clearanceMm: ctx.clearance, holeCompensationMm: ctx.holeCompensation },
    slicer: { spiralVase: false },
  })
}
