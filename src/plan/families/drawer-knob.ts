// Drawer knob: a mushroom knob printed face down (the flat face on the bed), with a screw hole into the stem.

import { cylinder, frustum, frustumVolume, subtract3, union3, facetedCircleArea } from '../library/geometry.js'
import { DIAMETER, HEIGHT } from '../library/read-helpers.js'
import { bedFace } from '../library/lettering.js'
import { num, type BuildContext, type Family, type Params } from '../library/types.js'

const CAP = 6

function dims(p: Params) {
  const d = num(p, 'diameter'),
    h = num(p, 'height')
  const stem = Math.max(10, d * 0.45)
  const flare = (d - stem) / 2
  return { d, h, stem, flare: Math.min(flare, h - CAP - 4) }
}

export const drawerKnob: Family = {
  id: 'drawer_knob',
  title: 'Drawer knob',
  category: 'household',
  names:
    /\b(?:drawer|cabinet|cupboard|door|furniture|dresser) (?:knobs?|pulls?|handles?)\b|\bmushroom knobs?\b|\b(?:knobs?|pulls?|handles?) (?:for|on) (?:a |an |the |my )?(?:drawers?|cabinets?|cupboards?|dressers?|wardrobes?|furniture)\b/,
  keywords: ['drawer', 'knob', 'cabinet', 'cupboard', 'pull', 'handle', 'furniture'],
  params: {
    diameter: { label: 'diameter', unit: 'mm', default: 30, min: 15, max: 80 },
    height: { label: 'height', unit: 'mm', default: 25, min: 15, max: 60 },
    screw: { label: 'screw hole', unit: 'mm', default: 3.4, min: 2, max: 8 },
  },
  examples: ['a drawer knob', 'a cabinet knob 35 mm across for an M4 screw'],
  read(r) {
    const m = r.parts.metric
    return {
      screw: m
        ? {
            value: m.size.clearanceHole - 0.6,
            source: 'catalogue',
            note: `${m.name}: ${m.size.clearanceHole - 0.6} mm pilot hole for the screw to cut its thread`,
          }
        : r.length(/\bscrew(?: hole)?\b/),
      diameter: r.length(DIAMETER),
      height: r.length(HEIGHT) ?? r.rest()[0],
    }
  },
  build(p, ctx: BuildContext) {
    const { d, h, stem, flare } = dims(p)
    const body = union3(cylinder(d, CAP), frustum(d, stem, flare, CAP), cylinder(stem, h - CAP - flare + 0.5, CAP + flare - 0.5))
    return [{ name: 'knob', solid: subtract3(body, cylinder(num(p, 'screw') + ctx.holeCompensation, 12, h - 11)) }]
  },
  lettering: { faces: ['top'], face: (p) => bedFace('knob', num(p, 'diameter') / Math.SQRT2, num(p, 'diameter') / Math.SQRT2, CAP) },
  expect(p, ctx) {
    const { d, h, stem, flare } = dims(p)
    const hole = facetedCircleArea(num(p, 'screw') + ctx.holeCompensation) * 11
    return {
      size: [d, d, h],
      volume: facetedCircleArea(d) * CAP + frustumVolume(d, stem, flare) + facetedCircleArea(stem) * (h - CAP - flare) - hole,
      volumeTolerancePercent: 1.5,
    }
  },
}
