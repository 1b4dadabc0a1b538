// Involute spur gear by teeth, module and bore (20° pressure angle); fewer than 8 teeth is refused (they undercut away).

import { circle, extrude, polygon, subtract2 } from '../library/geometry.js'
import { num, type Family, type Params } from '../library/types.js'

const PRESSURE = (20 * Math.PI) / 180
const inv = (a: number) => Math.tan(a) - a

/** The gear outline: involute flanks from the base circle to the tip, straight to the root circle between teeth. */
export function gearOutline(teeth: number, module: number, flankPoints = 10): Array<[number, number]> {
  const rp = (teeth * module) / 2
  const rb = rp * Math.cos(PRESSURE)
  const ra = rp + module
  const rf = Math.max(rp - 1.25 * module, 0.5)
  const half = Math.PI / (2 * teeth) + inv(PRESSURE)
  const ta = Math.sqrt((ra / rb) ** 2 - 1)
  const pts: Array<[number, number]> = []
  for (let i = 0; i < teeth; i++) {
    const c = (2 * Math.PI * i) / teeth
    const at = (r: number, a: number): [number, number] => [r * Math.cos(c + a), r * Math.sin(c + a)]
    const flank: Array<[number, number]> = []
    for (let k = 0; k <= flankPoints; k++) {
      const t = (ta * k) / flankPoints
      const r = rb * Math.sqrt(1 + t * t)
      flank.push([r, half - (t - Math.atan(t))])
    }
    pts.push(at(rf, -half))
    for (const [r, a] of flank) pts.push(at(r, -a))
    for (const [r, a] of [...flank].reverse()) pts.push(at(r, a))
    pts.push(at(rf, half))
  }
  return pts
}

const polygonArea = (pts: Array<[number, number]>) =>
  Math.abs(
    pts.reduce((s, [x, y], i) => {
      const [u, v] = pts[(i + 1) % pts.length]!
      return s + x * v - u * y
    }, 0),
  ) / 2

export const spurGear: Family = {
  id: 'spur_gear',
  title: 'Spur gear',
  category: 'mechanisms',
  names: /\b(?:spur )?(?:gears?|gear ?wheels?|cogs?|cog ?wheels?|pinions?)\b/,
  keywords: ['gear', 'spur', 'cog', 'pinion', 'teeth', 'cogwheel'],
  params: {
    teeth: { label: 'number of teeth', unit: 'count', default: 20, min: 8, max: 150, integer: true },
    module: { label: 'module', unit: 'mm', default: 1.5, min: 0.5, max: 8 },
    thickness: { label: 'thickness', unit: 'mm', default: 8, min: 2, max: 100 },
    bore: { label: 'bore', unit: 'mm', default: 5, min: 1, max: 100 },
  },
  examples: ['a spur gear with 20 teeth', 'a gear with 30 teeth, module 1, 5 mm bore, 6 mm thick'],
  read(r) {
    const m = r.parts.metric
    const teeth = r.count(/\b(?:teeth|tooth|t)\b/) ?? r.count(/-tooth\b/)
    const module = r.length(/\bmodule\b|\bm\b/, { bare: true })
    return {
      teeth,
      module,
      bore: m
        ? { value: m.size.clearanceHole, source: 'catalogue', note: `${m.name} shaft: ${m.size.clearanceHole} mm bore (ISO 273)` }
        : r.length(/\b(?:bore|hole|shaft|axle)\b/),
      thickness: r.length(/\b(?:thick|thickness|wide|face width|tall|high)\b/) ?? r.rest()[0],
    }
  },
  resolve(p) {
    const rf = (num(p, 'teeth') * num(p, 'module')) / 2 - 1.25 * num(p, 'module')
    if (num(p, 'bore') / 2 > rf - 1.5)
      return `A ${p.bore} mm bore does not fit inside a ${p.teeth}-tooth module ${p.module} gear (its root circle is ${(2 * rf).toFixed(1)} mm)`
    return null
  },
  build(p, ctx) {
    const outline = polygon(gearOutline(num(p, 'teeth'), num(p, 'module')))
    return [{ name: 'gear', solid: extrude(subtract2(outline, circle(num(p, 'bore') + ctx.holeCompensation)), num(p, 'thickness')) }]
  },
  expect(p: Params, ctx) {
    const d = num(p, 'module') * (num(p, 'teeth') + 2)
    const fine = () => polygonArea(gearOutline(num(p, 'teeth'), num(p, 'module'), 200))
    const bore = Math.PI * ((num(p, 'bore') + ctx.holeCompensation) / 2) ** 2
    return {
      size: [d, d, num(p, 'thickness')],
      get volume() {
        return (fine() - bore) * num(p, 'thickness')
      },
    }
  },
}
