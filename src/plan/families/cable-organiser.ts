// Cable organiser: a comb block with round-bottomed slots that hold cables side by side on a desk edge.

import { area, circle, extrudeSide, rect, subtract2, union2 } from '../library/geometry.js'
import { num, type BuildContext, type Family, type Params } from '../library/types.js'

const WALL = 4
const FLOOR = 5

function profile(p: Params, ctx: BuildContext) {
  const n = num(p, 'slots'),
    d = num(p, 'cable') + 2 * ctx.clearance
  const w = n * (d + WALL) + WALL,
    h = FLOOR + d + 3
  const slots = Array.from({ length: n }, (_, i) => {
    const x = -w / 2 + WALL + d / 2 + i * (d + WALL)
    return union2(circle(d, [x, FLOOR + d / 2], 48), rect(d * 0.75, h, [x, FLOOR + d / 2 + h / 2]))
  })
  return { shape: subtract2(rect(w, h, [0, h / 2]), ...slots), w, h }
}

export const cableOrganiser: Family = {
  id: 'cable_organiser',
  title: 'Cable organiser',
  category: 'household',
  names:
    /\bcable (?:organi[sz]ers?|managers?|management|combs?|docks?|holders? for \d+ cables?|tid(?:y|ies)|blocks?)\b|\b(?:desk |charging )?cable (?:keepers?|guides?)\b|\bcord organi[sz]ers?\b|\b(?:organi[sz]ers?|holders?|combs?) for (?:\d+ )?(?:cables|cords|wires|leads)\b/,
  keywords: ['cable', 'cables', 'organiser', 'organizer', 'comb', 'cord', 'tidy'],
  params: {
    slots: { label: 'cable slots', unit: 'count', default: 5, min: 1, max: 20, integer: true },
    cable: { label: 'cable diameter', unit: 'mm', default: 5, min: 2, max: 20 },
    depth: { label: 'depth', unit: 'mm', default: 25, min: 10, max: 80 },
  },
  examples: ['a cable organiser for 5 cables', 'a cable organizer with 6 slots for 4 mm cables'],
  read: (r) => ({
    slots: r.count(/\b(?:cables?|slots?|cords?|wires?|channels?)\b/),
    cable: r.length(/\b(?:cables?|cords?|wires?)\b/),
    depth: r.length(/\b(?:deep|depth|wide|long)\b/),
  }),
  build: (p, ctx) => [{ name: 'organiser', solid: extrudeSide(profile(p, ctx).shape, num(p, 'depth')) }],
  expect(p, ctx) {
    const { shape, w, h } = profile(p, ctx)
    return { size: [w, num(p, 'depth'), h], volume: area(shape) * num(p, 'depth') }
  },
}
