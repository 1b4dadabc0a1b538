// Cup: a round cup by size or by what it holds ("a cup that holds 250 ml").

import { circle, extrude, subtract3 } from '../library/geometry.js'
import { round } from '../library/reader.js'
import { DIAMETER, HEIGHT, WALL } from '../library/read-helpers.js'
import { num, type Family, type ReadValue } from '../library/types.js'

const FLOOR = 2

export const cup: Family = {
  id: 'cup',
  title: 'Cup',
  category: 'containers',
  names: /\b(?:drinking )?(?:cups?|mugs?|beakers?|tumblers?)\b/,
  keywords: ['cup', 'mug', 'beaker', 'tumbler'],
  params: {
    diameter: { label: 'outer diameter', unit: 'mm', default: 75, min: 20, max: 200 },
    height: { label: 'height', unit: 'mm', default: 90, min: 10, max: 250 },
    // 1.7 mm is four perimeters of the shipped 0.45 mm profiles exactly; 2 mm left a 0.3 mm gap-fill ring on every layer
    // (words to G-code 13.1 → 7.3 CPU s for "a cup that holds 250 ml", one run each at load 11–14)
    wall: { label: 'wall thickness', unit: 'mm', default: 1.7, min: 1.2, max: 8 },
    capacity: { label: 'capacity', unit: 'ml', default: 0, min: 0, max: 5000 },
  },
  examples: ['a cup that holds 250 ml', 'a cup 80 mm wide and 100 mm tall'],
  read(r) {
    const wall = r.length(WALL)
    const diameter = r.length(DIAMETER)
    const height = r.length(HEIGHT)
    const capacity = r.volume()
    const rest = r.rest()
    return { wall, diameter: diameter ?? rest.shift(), height: height ?? (capacity ? undefined : rest.shift()), capacity }
  },
  derive(p, asked): Record<string, ReadValue> {
    const [d, t] = [num(p, 'diameter'), num(p, 'wall')]
    const inner = Math.PI * ((d - 2 * t) / 2) ** 2
    if (asked.has('capacity') && !asked.has('height')) {
      const h = Math.round(((num(p, 'capacity') * 1000) / inner + FLOOR) * 10) / 10
      return { height: { value: h, source: 'derived', note: `height ${h} mm so that it holds ${p.capacity} ml (inside Ø ${round(d - 2 * t)} mm)` } }
    }
    return { capacity: { value: Math.round((inner * (num(p, 'height') - FLOOR)) / 1000), source: 'derived' } }
  },
  resolve: (p) => (num(p, 'height') > 250 ? `A cup of Ø ${p.diameter} mm holding ${p.capacity} ml would be ${p.height} mm tall; ask for a wider cup` : null),
  build(p) {
    const [d, h, t] = ['diameter', 'height', 'wall'].map((k) => num(p, k)) as [number, number, number]
    return [{ name: 'cup', solid: subtract3(extrude(circle(d), h), extrude(circle(d - 2 * t), h, FLOOR)) }]
  },
  expect(p) {
    const [d, h, t] = ['diameter', 'height', 'wall'].map((k) => num(p, k)) as [number, number, number]
    const cavity = num(p, 'capacity') * 1000
    return { size: [d, d, h], volume: Math.PI * (d / 2) ** 2 * h - cavity }
  },
}
