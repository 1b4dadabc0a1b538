// Knob for a round or D shaft (potentiometers, valves): knurled grip, printed face down with the shaft hole opening upward.

import { area, circle, extrude, rect, subtract2, subtract3, union2 } from '../library/geometry.js'
import { DIAMETER, HEIGHT } from '../library/read-helpers.js'
import { num, str, type BuildContext, type Family, type Params } from '../library/types.js'

const TOP = 2

function grip(p: Params) {
  const d = num(p, 'diameter'),
    n = Math.max(12, Math.round(d * 0.8))
  const bumps = Array.from({ length: n }, (_, i) =>
    circle(d * 0.09, [0.46 * d * Math.cos((2 * Math.PI * i) / n), 0.46 * d * Math.sin((2 * Math.PI * i) / n)], 16),
  )
  return union2(circle(d * 0.92), ...bumps)
}

function shaftHole(p: Params, ctx: BuildContext) {
  const s = num(p, 'shaft') + ctx.holeCompensation
  const round = circle(s, [0, 0], 48)
  // A D shaft's flat leaves 3/4 of the diameter (4.5 mm on a 6 mm shaft): the flat sits a quarter diameter from the axis.
  const flat = 0.25 * num(p, 'shaft') + ctx.holeCompensation / 2
  return str(p, 'shaftType') === 'D' ? subtract2(round, rect(s, s, [0, flat + s / 2])) : round
}

export const knob: Family = {
  id: 'knob',
  title: 'Knob',
  category: 'mechanisms',
  names: /\b(?:control |volume |potentiometer |pot |rotary |encoder |valve |radio |amp )?knobs?\b|\bdials?\b/,
  keywords: ['knob', 'dial', 'potentiometer', 'volume', 'encoder', 'shaft'],
  params: {
    diameter: { label: 'diameter', unit: 'mm', default: 25, min: 10, max: 80 },
    height: { label: 'height', unit: 'mm', default: 15, min: 6, max: 50 },
    shaft: { label: 'shaft diameter', unit: 'mm', default: 6, min: 2, max: 15 },
    shaftType: { label: 'shaft', unit: 'choice', default: 'D', choices: ['D', 'round'] },
  },
  examples: ['a knob for a 6 mm D shaft', 'a volume knob 30 mm across for a round 6 mm shaft'],
  read: (r) => ({
    shaftType: r.has(/\bd[ -]?(?:shaft|shaped|flat)\b|\bflatted\b/)
      ? { value: 'D', source: 'asked' }
      : r.has(/\bround (?:\d+(?:\.\d+)? ?mm )?shaft\b|\bsmooth shaft\b/)
        ? { value: 'round', source: 'asked' }
        : undefined,
    shaft: r.length(/\b(?:d[ -]?)?(?:shaft|axle|spindle|stem)\b/) ?? r.length(/\b(?:bore|hole)\b/),
    diameter: r.length(DIAMETER),
    height: r.length(HEIGHT) ?? r.rest()[0],
  }),
  resolve: (p) => (num(p, 'shaft') > num(p, 'diameter') - 6 ? 'The shaft leaves no wall around it; make the knob wider' : null),
  build(p, ctx) {
    const h = num(p, 'height')
    return [{ name: 'knob', solid: subtract3(extrude(grip(p), h), extrude(shaftHole(p, ctx), h, TOP)) }]
  },
  expect(p, ctx) {
    const h = num(p, 'height')
    return {
      size: [null, null, h],
      get volume() {
        return area(grip(p)) * h - area(shaftHole(p, ctx)) * (h - TOP)
      },
    }
  },
}
