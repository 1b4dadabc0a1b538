// Cable clip: a snap-in ring for a cable of a given diameter, with a screw tab ("a cable clip for a 6 mm cable").

import { area, teardropArea, circle, extrude, rect, subtract2, subtract3, teardrop, transforms, union2 } from '../library/geometry.js'
import { num, type Family, type Params, type BuildContext } from '../library/types.js'

const T = 2
const TAB = 12

function dims(p: Params) {
  const r = num(p, 'cable') / 2
  const R = r + T
  return { r, R, w: num(p, 'width'), x0: -R, x1: R + TAB }
}

export const cableClip: Family = {
  id: 'cable_clip',
  title: 'Cable clip',
  category: 'household',
  names:
    /\b(?:cable|wire|cord|hose|tube|pipe)s? (?:clips?|clamps?|holders?|mounts?|clasps?)\b|\bclips? (?:for|to hold|holding) (?:a |the |my )?(?:\d+(?:\.\d+)? ?mm )?(?:cable|wire|cord)s?\b/,
  keywords: ['cable', 'clip', 'wire', 'cord', 'clamp'],
  params: {
    cable: { label: 'cable diameter', unit: 'mm', default: 6, min: 1.5, max: 40 },
    width: { label: 'clip width', unit: 'mm', default: 10, min: 4, max: 60 },
    screw: { label: 'screw hole', unit: 'mm', default: 3.4, min: 2, max: 8 },
  },
  examples: ['a cable clip for a 6 mm cable', 'a cable clip for a 10 mm cable with an M4 screw hole'],
  read(r) {
    const m = r.parts.metric
    const cable = r.length(/\b(?:cable|wire|cord|hose|tube|pipe)s?\b/) ?? r.length(/\bdiameter\b/)
    return {
      cable: cable
        ? { ...cable, value: (cable.value as number) + 2 * r.clearance, note: `cable ${cable.value} mm + ${r.clearance} mm fit clearance each side` }
        : undefined,
      width: r.length(/\bwide\b|\bwidth\b/),
      screw: m
        ? { value: m.size.clearanceHole, source: 'catalogue', note: `${m.name} clearance hole ${m.size.clearanceHole} mm (ISO 273)` }
        : r.length(/\bscrew(?: hole)?\b/),
    }
  },
  build(p, ctx: BuildContext) {
    const { R, w } = dims(p)
    const screw = transforms.translate([R + TAB / 2, 0, w / 2], transforms.rotateX(Math.PI / 2, extrude(teardrop(num(p, 'screw'), ctx), T + 3, -(T + 2))))
    return [{ name: 'clip', solid: subtract3(extrude(profile(p), w), screw) }]
  },
  expect(p, ctx) {
    const { R, x0, x1, w } = dims(p)
    const d = num(p, 'screw') + ctx.holeCompensation
    const screwHole = teardropArea(d) * (T + 1)
    const { r } = dims(p)
    return {
      size: [x1 - x0, R + Math.sqrt(R * R - (0.7 * r) ** 2), w],
      get volume() {
        return area(profile(p)) * w - screwHole
      },
    }
  },
}

function profile(p: Params) {
  const { r, R, x0, x1 } = dims(p)
  const ring = subtract2(circle(2 * R, [0, R]), circle(2 * r, [0, R]), rect(1.4 * r, R, [0, 2 * R - R / 2 + 0.01]))
  const tab = subtract2(rect(x1 - x0, T + 1, [(x0 + x1) / 2, (T + 1) / 2]), circle(2 * r, [0, R]))
  return union2(ring, tab)
}
