// Brackets as profiles lying on their side (legs in X and Y, width up): L, corner (gusset) and shelf (brace), with teardrop screw holes.

import { area, extrude, horizontalHole, polygon, rect, subtract2, subtract3, teardropArea, union2 } from './geometry.js'
import { fromCatalogue } from './reader.js'
import type { Reader } from './reader.js'
import { holeCount, LENGTH, THICK, WIDTH } from './read-helpers.js'
import { num, type BuildContext, type Expectation, type Family, type Geom2, type Params, type Part, type ReadValue } from './types.js'

export type Brace = 'none' | 'gusset' | 'brace'

export function bracketProfile(p: Params, brace: Brace): Geom2 {
  const a = num(p, 'legA'),
    b = num(p, 'legB'),
    t = num(p, 'thickness')
  const l = union2(rect(a, t, [a / 2, t / 2]), rect(t, b, [t / 2, b / 2]))
  if (brace === 'gusset') {
    const g = 0.45 * Math.min(a, b)
    return union2(
      l,
      polygon([
        [t - 0.01, t - 0.01],
        [t + g, t - 0.01],
        [t - 0.01, t + g],
      ]),
    )
  }
  if (brace === 'brace') {
    const ea = 0.85 * a,
      eb = 0.85 * b,
      w = t
    const outer = polygon([
      [t - 0.01, t - 0.01],
      [ea, t - 0.01],
      [t - 0.01, eb],
    ])
    const k = w * (1 + Math.hypot(ea, eb) / Math.min(ea, eb))
    const inner = polygon([
      [t + w, t + w],
      [ea - k, t + w],
      [t + w, eb - k * (eb / ea)],
    ])
    return union2(l, subtract2(outer, inner))
  }
  return l
}

/** Screw holes: along leg A (through Y) and leg B (through X), evenly from the corner out; A gets the odd one. */
export function holePositions(p: Params): Array<{ axis: 'x' | 'y'; along: number }> {
  const n = num(p, 'holes'),
    a = num(p, 'legA'),
    b = num(p, 'legB'),
    t = num(p, 'thickness')
  const na = Math.ceil(n / 2),
    nb = Math.floor(n / 2)
  const spread = (count: number, leg: number) => Array.from({ length: count }, (_, i) => t + ((leg - t) * (i + 1)) / (count + 1))
  return [...spread(na, a).map((x) => ({ axis: 'y' as const, along: x })), ...spread(nb, b).map((y) => ({ axis: 'x' as const, along: y }))]
}

export function buildBracket(p: Params, ctx: BuildContext, brace: Brace): Part[] {
  const w = num(p, 'width'),
    t = num(p, 'thickness'),
    d = num(p, 'screw')
  const holes = holePositions(p).map((h) =>
    h.axis === 'y' ? horizontalHole(d, ctx, 'y', t + 2, [h.along, t / 2, w / 2]) : horizontalHole(d, ctx, 'x', t + 2, [t / 2, h.along, w / 2]),
  )
  return [{ name: 'bracket', solid: subtract3(extrude(bracketProfile(p, brace), w), ...holes) }]
}

export function expectBracket(p: Params, ctx: BuildContext, brace: Brace): Expectation {
  const w = num(p, 'width'),
    t = num(p, 'thickness')
  const holes = num(p, 'holes') * teardropArea(num(p, 'screw') + ctx.holeCompensation) * t
  return { size: [num(p, 'legA'), num(p, 'legB'), w], volume: area(bracketProfile(p, brace)) * w - holes }
}

export const BRACKET_PARAMS = (leg: number, width: number, thickness: number, holes: number): Family['params'] => ({
  legA: { label: 'horizontal leg', unit: 'mm', default: leg, min: 15, max: 200 },
  legB: { label: 'vertical leg', unit: 'mm', default: leg, min: 15, max: 200 },
  width: { label: 'width', unit: 'mm', default: width, min: 8, max: 100 },
  thickness: { label: 'thickness', unit: 'mm', default: thickness, min: 2, max: 15 },
  holes: { label: 'screw holes', unit: 'count', default: holes, min: 0, max: 8, integer: true },
  screw: { label: 'screw hole', unit: 'mm', default: 4.5, min: 2, max: 10 },
})

export function readBracket(r: Reader): Record<string, ReadValue | undefined> {
  const m = r.parts.metric
  const out: Record<string, ReadValue | undefined> = {
    holes: holeCount(r),
    screw: m
      ? fromCatalogue(m.size.clearanceHole, `${m.name} clearance hole ${m.size.clearanceHole} mm (ISO 273)`)
      : r.length(/\bscrew(?: holes?)?\b|\bholes?\b/),
    thickness: r.length(THICK),
    width: r.length(WIDTH),
  }
  const legs = r.dims()
  if (legs.length >= 2) {
    out.legA = legs[0]
    out.legB = legs[1]
    out.width ??= legs[2]
  }
  const leg = r.length(/\b(?:legs?|arms?|sides?)\b/) ?? r.length(LENGTH) ?? r.rest()[0]
  if (leg && !out.legA) {
    out.legA = leg
    out.legB = { ...leg }
  }
  return out
}

export function checkBracket(p: Params): string | null {
  const t = num(p, 'thickness'),
    d = num(p, 'screw')
  if (num(p, 'width') < d + 4) return `A ${p.width} mm wide bracket has no room around ${d} mm screw holes`
  if (Math.min(num(p, 'legA'), num(p, 'legB')) < t + d + 4) return 'The legs are too short for the screw holes'
  return null
}
