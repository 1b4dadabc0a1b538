// Doorstop wedge: a ramp standing on its base, the slope facing up, with grip ridges underneath left out (flat on the bed).

import { extrudeSide, polygon } from '../library/geometry.js'
import { HEIGHT, LENGTH, WIDTH } from '../library/read-helpers.js'
import { num, type Family } from '../library/types.js'

export const doorstop: Family = {
  id: 'doorstop', title: 'Doorstop wedge', category: 'household',
  names: /\bdoor ?(?:stops?|stoppers?|wedges?)\b|\bwedges?\b/,
  keywords: ['door', 'doorstop', 'wedge', 'stopper'],
  params: {
    length: { label: 'length', unit: 'mm', default: 120, min: 30, max: 200 },
    width: { label: 'width', unit: 'mm', default: 40, min: 15, max: 100 },
    height: { label: 'height', unit: 'mm', default: 25, min: 5, max: 80 },
  },
  examples: ['a doorstop wedge', 'a door wedge 150 mm long, 30 mm tall'],
  read: (r) => ({ length: r.length(LENGTH), width: r.length(WIDTH), height: r.length(HEIGHT) ?? r.length(/\bthick\b/) }),
  resolve: (p) => (num(p, 'height') > num(p, 'length') * 0.6 ? 'A wedge steeper than about 30° does not hold a door; make it longer or lower' : null),
  build(p) {
    const l = num(p, 'length'), h = num(p, 'height')
    const profile = polygon([[-l / 2, 0], [l / 2, 0], [l / 2, h], [l / 2 - 3, h], [-l / 2, 1.2]])
    return [{ name: 'wedge', solid: extrudeSide(profile, num(p, 'width')) }]
  },
  expect(p) {
    const l = num(p, 'length'), h = num(p, 'height'), w = num(p, 'width')
    return { size: [l, w, h], volume: w * (l * 1.2 + (l - 3) * (h - 1.2) / 2 + 3 * (h - 1.2)) }
  },
}
