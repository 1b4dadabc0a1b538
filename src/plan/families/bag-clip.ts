// Bag clip: two arms joined by a springy loop, closed by a hook latch at the far end; printed flat.

import { area, circle, extrude, rect, subtract2, union2 } from '../library/geometry.js'
import { LENGTH, WIDTH } from '../library/read-helpers.js'
import { num, type Family, type Params } from '../library/types.js'

const ARM = 3.2
const GAP = 1

/** Arm 1 stops 1 mm short of the hook so the latch can close over it; the half ring at x = 0 is the spring. */
function profile(p: Params) {
  const l = num(p, 'length')
  const span = 2 * ARM + GAP
  const spring = subtract2(circle(span + 4.8, [0, span / 2], 64), circle(span - ARM, [0, span / 2], 64), rect(span + 6, span + 6, [(span + 6) / 2, span / 2]))
  const arm1 = rect(l - 1, ARM, [(l - 1) / 2, ARM / 2])
  const arm2 = rect(l, ARM, [l / 2, ARM + GAP + ARM / 2])
  const hookBack = rect(2.4, span + 3, [l + 1.2, span - (span + 3) / 2])
  const hookLip = rect(6.4, 2.4, [l - 0.8, -1.8])
  return union2(spring, arm1, arm2, hookBack, hookLip)
}

export const bagClip: Family = {
  id: 'bag_clip',
  title: 'Bag clip',
  category: 'household',
  names: /\b(?:bag|chip|crisp|snack|food|bread|freezer) ?(?:bag )?(?:clips?|clamps?|sealers?|closures?)\b|\bclips? for (?:a |the )?(?:bags?|chips?|crisps?)\b/,
  keywords: ['bag', 'clip', 'chip', 'crisp', 'snack', 'sealer'],
  params: {
    length: { label: 'length', unit: 'mm', default: 90, min: 40, max: 200 },
    width: { label: 'height of the clip', unit: 'mm', default: 10, min: 5, max: 30 },
  },
  examples: ['a bag clip', 'a chip clip 120 mm long'],
  read: (r) => ({ length: r.length(LENGTH) ?? r.rest()[0], width: r.length(WIDTH) ?? r.length(/\b(?:tall|high|thick)\b/) }),
  build: (p) => [{ name: 'clip', solid: extrude(profile(p), num(p, 'width')) }],
  expect: (p) => ({ size: [null, null, num(p, 'width')], volume: area(profile(p)) * num(p, 'width') }),
}
