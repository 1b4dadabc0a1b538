// Pencil cup: a hexagonal desk cup for pens and pencils.

import { extrude, polygon, subtract3 } from '../library/geometry.js'
import { DIAMETER, HEIGHT, WALL } from '../library/read-helpers.js'
import { boxSide } from '../library/lettering.js'
import { num, type Family } from '../library/types.js'

const hexagon = (acrossFlats: number) => {
  const r = acrossFlats / Math.sqrt(3)
  return polygon(Array.from({ length: 6 }, (_, i) => [r * Math.cos((i * Math.PI) / 3), r * Math.sin((i * Math.PI) / 3)] as [number, number]))
}
const hexArea = (af: number) => (Math.sqrt(3) / 2) * af * af

export const pencilCup: Family = {
  id: 'pencil_cup',
  title: 'Pencil cup',
  category: 'containers',
  names: /\b(?:pencil|pen|brush|marker|crayon)s? (?:cups?|holders?|pots?|jars?|tubs?)\b|\bdesk (?:tidy|organi[sz]er cup)\b/,
  keywords: ['pencil', 'pen', 'brush', 'marker', 'crayon', 'desk'],
  params: {
    acrossFlats: { label: 'width across flats', unit: 'mm', default: 75, min: 30, max: 200 },
    height: { label: 'height', unit: 'mm', default: 100, min: 30, max: 250 },
    wall: { label: 'wall thickness', unit: 'mm', default: 2, min: 1.2, max: 6 },
  },
  examples: ['a pencil cup', 'a pen holder 80 mm wide and 110 mm tall'],
  read: (r) => ({ wall: r.length(WALL), acrossFlats: r.length(DIAMETER), height: r.length(HEIGHT) ?? r.rest()[0] }),
  build(p) {
    const af = num(p, 'acrossFlats'),
      h = num(p, 'height'),
      t = num(p, 'wall')
    return [{ name: 'cup', solid: subtract3(extrude(hexagon(af), h), extrude(hexagon(af - 2 * t), h, t)) }]
  },
  // the flats facing front and back: as wide as a hexagon's side (across flats / √3)
  lettering: {
    faces: ['front', 'back'],
    face: (p, name) =>
      boxSide(name as 'front' | 'back', 'cup', num(p, 'acrossFlats') / Math.sqrt(3), num(p, 'acrossFlats'), num(p, 'height'), num(p, 'wall'), 0),
  },
  expect(p) {
    const af = num(p, 'acrossFlats'),
      h = num(p, 'height'),
      t = num(p, 'wall')
    return { size: [(2 * af) / Math.sqrt(3), af, h], volume: hexArea(af) * h - hexArea(af - 2 * t) * (h - t) }
  },
}
