// Doorstop wedge: a ramp standing on its base, the slope facing up, with grip ridges underneath left out (flat on the bed).

import { extrudeSide, polygon } from '../library/geometry.js'
import { HEIGHT, LENGTH, WIDTH } from '../library/read-helpers.js'
import { sideUnderSlope } from '../library/lettering.js'
import { num, type Family, type Params } from '../library/types.js'

/** Height of the thin end and the flat at the thick end (a blunt edge and a flat top that prints cleanly). */
const TIP = 1.2,
  FLAT = 3

const slopeFace = (p: Params, name: string) => {
  const l = num(p, 'length')
  return sideUnderSlope(name as 'front' | 'back', 'wedge', num(p, 'width'), -l / 2, l / 2 - FLAT, TIP, (num(p, 'height') - TIP) / (l - FLAT))
}

export const doorstop: Family = {
  id: 'doorstop',
  title: 'Doorstop wedge',
  category: 'household',
  names: /\bdoor ?(?:stops?|stoppers?|wedges?)\b|\bwedges?\b/,
  keywords: ['door', 'doorstop', 'wedge', 'stopper'],
  params: {
    length: { label: 'length', unit: 'mm', default: 120, min: 30, max: 200 },
    width: { label: 'width', unit: 'mm', default: 40, min: 15, max: 100 },
    height: { label: 'height', unit: 'mm', default: 25, min: 5, max: 80 },
  },
  lettering: { faces: ['front', 'back'], face: slopeFace },
  examples: ['a doorstop wedge', 'a door wedge 150 mm long, 30 mm tall'],
  read: (r) => ({ length: r.length(LENGTH), width: r.length(WIDTH), height: r.length(HEIGHT) ?? r.length(/\bthick\b/) }),
  resolve: (p) => (num(p, 'height') > num(p, 'length') * 0.6 ? 'A wedge steeper than about 30° does not hold a door; make it longer or lower' : null),
  build(p) {
    const l = num(p, 'length'),
      h = num(p, 'height')
    const profile = polygon([
      [-l / 2, 0],
      [l / 2, 0],
      [l / 2, h],
      [l / 2 - FLAT, h],
      [-l / 2, TIP],
    ])
    return [{ name: 'wedge', solid: extrudeSide(profile, num(p, 'width')) }]
  },
  expect(p) {
    const l = num(p, 'length'),
      h = num(p, 'height'),
      w = num(p, 'width')
    return { size: [l, w, h], volume: w * (l * TIP + ((l - FLAT) * (h - TIP)) / 2 + FLAT * (h - TIP)) }
  },
}
