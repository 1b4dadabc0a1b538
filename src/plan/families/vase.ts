// Vase for spiral (vase) mode: a solid twisted fluted body; PrusaSlicer prints its outline as one continuous spiral wall.

import { area, circle, extrusions, union2 } from '../library/geometry.js'
import { DIAMETER, HEIGHT } from '../library/read-helpers.js'
import { num, type Family, type Params } from '../library/types.js'

function outline(p: Params) {
  const d = num(p, 'diameter'),
    n = num(p, 'flutes')
  const core = circle(d * 0.84)
  const lobes = Array.from({ length: n }, (_, i) =>
    circle(d * 0.22, [0.39 * d * Math.cos((2 * Math.PI * i) / n), 0.39 * d * Math.sin((2 * Math.PI * i) / n)], 32),
  )
  return union2(core, ...lobes)
}

export const vase: Family = {
  id: 'vase',
  title: 'Vase',
  category: 'containers',
  names: /\b(?:spiral |twisted |fluted |flower |bud )?vases?\b/,
  keywords: ['vase', 'spiral', 'twisted', 'fluted'],
  spiralVase: true,
  params: {
    diameter: { label: 'diameter', unit: 'mm', default: 70, min: 30, max: 180 },
    height: { label: 'height', unit: 'mm', default: 150, min: 30, max: 240 },
    flutes: { label: 'flutes', unit: 'count', default: 8, min: 3, max: 24, integer: true },
    twist: { label: 'twist', unit: 'deg', default: 60, min: 0, max: 180 },
  },
  examples: ['a vase 150 mm tall', 'a twisted vase 80 mm wide and 200 mm tall with 6 flutes'],
  read: (r) => ({
    flutes: r.count(/\b(?:flutes?|ribs?|lobes?|petals?)\b/),
    twist: r.angle(),
    diameter: r.length(DIAMETER),
    height: r.length(HEIGHT) ?? r.rest()[0],
  }),
  build(p) {
    const twist = (num(p, 'twist') * Math.PI) / 180
    const body = extrusions.extrudeLinear({ height: num(p, 'height'), twistAngle: twist, twistSteps: Math.max(1, Math.ceil(num(p, 'twist') / 3)) }, outline(p))
    return [{ name: 'vase', solid: body }]
  },
  expect(p) {
    return {
      size: [null, null, num(p, 'height')],
      get volume() {
        return area(outline(p)) * num(p, 'height')
      },
      volumeTolerancePercent: 1.5,
    }
  },
}
