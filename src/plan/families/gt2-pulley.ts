// GT2 timing pulley: toothed for a 2 mm pitch belt (catalogue), bottom flange on the bed, a 45° top flange, hub and bore.

import { gt2 } from '../research/index.js'
import { area, circle, cylinder, extrude, facetedCircleArea, frustum, frustumVolume, subtract2, subtract3, union3 } from '../library/geometry.js'
import { num, type BuildContext, type Family, type Params } from '../library/types.js'

const FLANGE = 1.5

function dims(p: Params) {
  const n = num(p, 'teeth')
  const pitchD = (n * gt2.pitch) / Math.PI
  const od = pitchD - 2 * gt2.pitchLineOffset
  const flangeD = od + 4
  const belt = num(p, 'beltWidth') + 1
  const rise = (flangeD - (od - 1.5)) / 2
  return { n, od, flangeD, belt, rise, hub: Math.max(num(p, 'bore') + 8, Math.min(16, od)), hubH: 6 }
}

function teeth(p: Params) {
  const { n, od } = dims(p)
  const grooves = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n,
      r = od / 2 - gt2.toothHeight + 0.555
    return circle(1.11, [r * Math.cos(a), r * Math.sin(a)], 16)
  })
  return subtract2(circle(od), ...grooves)
}

export const gt2Pulley: Family = {
  id: 'gt2_pulley',
  title: 'GT2 pulley',
  category: 'mechanisms',
  names: /\b(?:std_gt2 |timing |belt |toothed )?(?:pulleys?|idlers?|sprockets? for (?:a )?std_gt2)\b/,
  keywords: ['pulley', 'timing', 'belt', 'idler', 'gt2'],
  params: {
    teeth: { label: 'number of teeth', unit: 'count', default: 20, min: 12, max: 80, integer: true },
    bore: { label: 'bore', unit: 'mm', default: 5, min: 2, max: 12 },
    beltWidth: { label: 'belt width', unit: 'mm', default: 6, min: 6, max: 10 },
  },
  examples: ['a GT2 pulley with 20 teeth and a 5 mm bore', 'a GT2 timing pulley, 40 teeth, 8 mm bore, for a 10 mm belt'],
  read: (r) => ({
    teeth: r.count(/\b(?:teeth|tooth|t)\b/) ?? r.count(/-tooth\b/),
    bore: r.length(/\b(?:bore|hole|shaft|axle)\b/),
    beltWidth: r.length(/\b(?:belt|wide|width)\b/),
  }),
  resolve: (p) => (num(p, 'bore') + 3 > dims(p).od - 1.5 ? `A ${p.bore} mm bore does not fit a ${p.teeth}-tooth GT2 pulley` : null),
  build(p, ctx: BuildContext) {
    const { od, flangeD, belt, rise, hub, hubH } = dims(p)
    const z1 = FLANGE,
      z2 = z1 + belt,
      z3 = z2 + rise
    const body = union3(
      cylinder(flangeD, FLANGE),
      extrude(teeth(p), belt + 0.6, z1 - 0.3),
      frustum(od - 1.5, flangeD, rise, z2),
      cylinder(hub, hubH + 0.3, z3 - 0.3),
    )
    return [{ name: 'pulley', solid: subtract3(body, cylinder(num(p, 'bore') + ctx.holeCompensation, z3 + hubH + 2, -1)) }]
  },
  expect(p, ctx) {
    const { od, flangeD, belt, rise, hub, hubH } = dims(p)
    const bore = facetedCircleArea(num(p, 'bore') + ctx.holeCompensation)
    const v = () =>
      facetedCircleArea(flangeD) * FLANGE +
      area(teeth(p)) * belt +
      frustumVolume(od - 1.5, flangeD, rise) +
      facetedCircleArea(hub) * hubH -
      bore * (FLANGE + belt + rise + hubH)
    return {
      size: [flangeD, flangeD, FLANGE + belt + rise + hubH],
      get volume() {
        return v()
      },
    }
  },
}
