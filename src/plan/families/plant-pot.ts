// Plant pot: a tapered pot with a drainage hole and a saucer beside it on the plate.

import { cylinder, extrude, circle, frustum, frustumVolume, subtract3, facetedCircleArea } from '../library/geometry.js'
import { DIAMETER, HEIGHT, WALL } from '../library/read-helpers.js'
import { num, type BuildContext, type Family, type Params } from '../library/types.js'

const FLOOR = 2.4
const SAUCER_H = 10
/** Facets of walls and saucer: as few as keep every facet within 0.035 mm of the true circle (80 at the default 90 mm,
 * 120 at 200 mm); slicing time grows with them (128 at 90 mm cost 1.5× the slice). */
const DEVIATION_MM = 0.035
const segmentsFor = (d: number) => Math.min(128, Math.max(48, Math.ceil(Math.PI / Math.acos(1 - DEVIATION_MM / (d / 2)) / 4) * 4))

function dims(p: Params) {
  const top = num(p, 'diameter'),
    h = num(p, 'height'),
    t = num(p, 'wall')
  const bottom = top - 2 * h * Math.tan((8 * Math.PI) / 180)
  return { top, bottom, h, t, saucer: bottom + 16, segments: segmentsFor(top) }
}

export const plantPot: Family = {
  id: 'plant_pot',
  title: 'Plant pot',
  category: 'containers',
  names: /\b(?:plant |flower |succulent |herb |cactus )?(?:pots?|planters?)\b/,
  keywords: ['plant', 'pot', 'planter', 'flower', 'succulent', 'cactus', 'saucer'],
  params: {
    diameter: { label: 'top diameter', unit: 'mm', default: 90, min: 40, max: 200 },
    height: { label: 'height', unit: 'mm', default: 80, min: 30, max: 200 },
    wall: { label: 'wall thickness', unit: 'mm', default: 2, min: 1.2, max: 6 },
    drainHole: { label: 'drainage hole', unit: 'mm', default: 8, min: 0, max: 30 },
  },
  examples: ['a plant pot with a drainage hole and saucer', 'a planter 120 mm across and 100 mm tall'],
  read: (r) => ({
    wall: r.length(WALL),
    drainHole: r.length(/\b(?:drain(?:age)?|hole)\b/),
    diameter: r.length(DIAMETER),
    height: r.length(HEIGHT) ?? r.rest()[0],
  }),
  resolve: (p) => (dims(p).bottom < 25 ? 'The pot tapers to less than 25 mm at the bottom; make it wider or shorter' : null),
  build(p, ctx: BuildContext) {
    const { top, bottom, h, t, saucer, segments } = dims(p)
    const inner = frustum(bottom - 2 * t, top - 2 * t, h, FLOOR, segments)
    let pot = subtract3(frustum(bottom, top, h, 0, segments), inner)
    if (num(p, 'drainHole') > 0) pot = subtract3(pot, cylinder(num(p, 'drainHole') + ctx.holeCompensation, FLOOR + 2, -1))
    const tray = subtract3(extrude(circle(saucer, [0, 0], segments), SAUCER_H), extrude(circle(saucer - 4, [0, 0], segments), SAUCER_H, 2))
    return [
      { name: 'pot', solid: pot },
      { name: 'saucer', solid: tray },
    ]
  },
  expect(p, ctx) {
    const { top, bottom, h, t, saucer, segments } = dims(p)
    const slope = (top - bottom) / h
    const cavity = frustumVolume(bottom - 2 * t, bottom - 2 * t + slope * (h - FLOOR), h - FLOOR)
    const drain = num(p, 'drainHole') > 0 ? Math.PI * ((num(p, 'drainHole') + ctx.holeCompensation) / 2) ** 2 * FLOOR : 0
    const saucerVolume = facetedCircleArea(saucer, segments) * SAUCER_H - facetedCircleArea(saucer - 4, segments) * (SAUCER_H - 2)
    return { size: [top, top, h], volume: frustumVolume(bottom, top, h) - cavity - drain + saucerVolume, volumeTolerancePercent: 1.5 }
  },
}
