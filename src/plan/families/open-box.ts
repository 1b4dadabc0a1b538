// Open box: four walls and a floor, open at the top ("an open box 80 x 60 x 40 mm with 2 mm walls").

import { box, roundedRect, extrude, subtract3 } from '../library/geometry.js'
import { readBox, WALL } from '../library/read-helpers.js'
import { boxSide, SIDES } from '../library/lettering.js'
import { num, type Family } from '../library/types.js'

export const openBox: Family = {
  id: 'open_box',
  title: 'Open box',
  category: 'containers',
  names:
    /\bopen(?:[ -]top(?:ped)?)? (?:box|container|bin)(?:es)?\b|\b(?:storage )?bins?\b|\b(?:box|container)(?:es)? (?:without (?:a )?(?:top|lid)|with no (?:top|lid)|with an open top)\b|\btopless box\b|\b(?:box|container)(?:es)?\b[^;]{0,40}?,? (?:with )?no (?:top|lid)\b/,
  keywords: ['open', 'box', 'bin', 'container', 'storage'],
  params: {
    width: { label: 'outer width', unit: 'mm', default: 80, min: 10, max: 300 },
    depth: { label: 'outer depth', unit: 'mm', default: 60, min: 10, max: 300 },
    height: { label: 'outer height', unit: 'mm', default: 40, min: 5, max: 300 },
    wall: { label: 'wall thickness', unit: 'mm', default: 2, min: 0.9, max: 10 },
  },
  examples: ['an open box 80 x 60 x 40 mm with 2 mm walls', 'a storage bin 100 mm wide, 70 deep and 50 tall'],
  read: (r) => ({ wall: r.length(WALL), ...readBox(r) }),
  resolve: (p) =>
    2 * num(p, 'wall') >= Math.min(num(p, 'width'), num(p, 'depth')) - 2
      ? 'The walls leave no room inside the box'
      : num(p, 'wall') >= num(p, 'height') - 1
        ? 'The floor is as thick as the box is tall'
        : null,
  build(p) {
    const [w, d, h, t] = ['width', 'depth', 'height', 'wall'].map((k) => num(p, k)) as [number, number, number, number]
    const outer = extrude(roundedRect(w, d, Math.min(3, t * 1.5)), h)
    return [{ name: 'box', solid: subtract3(outer, box(w - 2 * t, d - 2 * t, h, t)) }]
  },
  lettering: {
    faces: SIDES,
    face: (p, name) =>
      boxSide(name as (typeof SIDES)[number], 'box', num(p, 'width'), num(p, 'depth'), num(p, 'height'), num(p, 'wall'), Math.min(3, num(p, 'wall') * 1.5)),
  },
  expect(p) {
    const [w, d, h, t] = ['width', 'depth', 'height', 'wall'].map((k) => num(p, k)) as [number, number, number, number]
    const r = Math.min(3, t * 1.5)
    return { size: [w, d, h], volume: (w * d - (4 - Math.PI) * r * r) * h - (w - 2 * t) * (d - 2 * t) * (h - t) }
  },
}
