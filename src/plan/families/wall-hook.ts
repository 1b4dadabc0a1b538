// Wall hook: a J profile lying on its side (back plate, arm, raised tip) with teardrop screw holes through the back plate.

import { area, extrude, horizontalHole, rect, subtract3, teardropArea, union2 } from '../library/geometry.js'
import { fromCatalogue } from '../library/reader.js'
import { holeCount, HEIGHT, LENGTH, THICK, WIDTH } from '../library/read-helpers.js'
import { num, type Family, type Params } from '../library/types.js'

function profile(p: Params) {
  const h = num(p, 'height'),
    l = num(p, 'reach'),
    t = num(p, 'thickness')
  return union2(rect(t, h, [t / 2, h / 2]), rect(l, t, [l / 2, t / 2]), rect(t, 0.3 * h, [l - t / 2, 0.15 * h]))
}

const holeHeights = (p: Params) => {
  const n = num(p, 'holes'),
    lo = num(p, 'thickness') + 8,
    hi = num(p, 'height') - 8
  return n === 1 ? [(lo + hi) / 2] : Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1))
}

export const wallHook: Family = {
  id: 'wall_hook',
  title: 'Wall hook',
  category: 'household',
  names: /\b(?:wall |coat |towel |key |hat |bag |utility |screw[ -]on )?hooks?\b|\bhangers?\b/,
  keywords: ['hook', 'hooks', 'wall', 'coat', 'towel', 'hanger'],
  params: {
    height: { label: 'back plate height', unit: 'mm', default: 60, min: 30, max: 200 },
    reach: { label: 'reach from the wall', unit: 'mm', default: 35, min: 15, max: 150 },
    width: { label: 'width', unit: 'mm', default: 20, min: 10, max: 80 },
    thickness: { label: 'thickness', unit: 'mm', default: 5, min: 3, max: 15 },
    holes: { label: 'screw holes', unit: 'count', default: 2, min: 0, max: 4, integer: true },
    screw: { label: 'screw hole', unit: 'mm', default: 4.5, min: 2, max: 8 },
  },
  examples: ['a wall hook with two screw holes', 'a coat hook 80 mm tall, 50 mm deep for M4 screws'],
  read(r) {
    const m = r.parts.metric
    return {
      holes: holeCount(r),
      screw: m ? fromCatalogue(m.size.clearanceHole, `${m.name} clearance hole ${m.size.clearanceHole} mm (ISO 273)`) : r.length(/\bscrew(?: holes?)?\b/),
      thickness: r.length(THICK),
      width: r.length(WIDTH),
      reach: r.length(/\b(?:deep|depth|reach|out|sticks? out)\b/) ?? r.length(LENGTH),
      height: r.length(HEIGHT) ?? r.rest()[0],
    }
  },
  resolve: (p) =>
    num(p, 'holes') > 0 && num(p, 'height') < num(p, 'thickness') + 16 + 8 * (num(p, 'holes') - 1)
      ? 'The back plate is too short for the screw holes'
      : num(p, 'width') < num(p, 'screw') + 4
        ? 'The hook is too narrow for its screw holes'
        : null,
  build(p, ctx) {
    const t = num(p, 'thickness'),
      w = num(p, 'width')
    const holes = holeHeights(p).map((y) => horizontalHole(num(p, 'screw'), ctx, 'x', t + 2, [t / 2, y, w / 2]))
    return [{ name: 'hook', solid: subtract3(extrude(profile(p), w), ...holes) }]
  },
  expect(p, ctx) {
    const w = num(p, 'width'),
      t = num(p, 'thickness')
    return {
      size: [num(p, 'reach'), num(p, 'height'), w],
      volume: area(profile(p)) * w - num(p, 'holes') * teardropArea(num(p, 'screw') + ctx.holeCompensation) * t,
    }
  },
}
