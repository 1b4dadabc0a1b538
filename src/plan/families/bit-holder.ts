// Bit holder: a block of hexagonal sockets for 1/4 inch screwdriver bits.

import { hexBit } from '../research/index.js'
import { polygon } from '../library/geometry.js'
import { buildPocketBlock, expectPocketBlock, pocketLettering, type PocketBlock } from '../library/pockets.js'
import { fromCatalogue } from '../library/reader.js'
import { num, type BuildContext, type Family, type Params } from '../library/types.js'

function block(p: Params, ctx: BuildContext): PocketBlock {
  const af = num(p, 'acrossFlats') + 2 * ctx.clearance
  const r = af / Math.sqrt(3)
  const hex = polygon(Array.from({ length: 6 }, (_, i) => [r * Math.cos((i * Math.PI) / 3), r * Math.sin((i * Math.PI) / 3)] as [number, number]))
  return { pocket: hex, size: [2 * r, af], count: num(p, 'count'), depth: 12, wall: 2.4, floor: 1.6 }
}

export const bitHolder: Family = {
  id: 'bit_holder',
  title: 'Bit holder',
  category: 'holders',
  names:
    /\b(?:screwdriver |hex |drill |driver )?bits? (?:holders?|organi[sz]ers?|racks?|blocks?|stands?|cases?|boxe?s?)\b|\b(?:holders?|organi[sz]ers?|racks?|blocks?) for (?:\d+ )?(?:screwdriver |hex |driver )?bits\b/,
  keywords: ['bit', 'bits', 'screwdriver', 'hex', 'holder'],
  params: {
    count: { label: 'number of bits', unit: 'count', default: 10, min: 1, max: 60, integer: true },
    acrossFlats: { label: 'bit size across flats', unit: 'mm', default: hexBit.acrossFlats, min: 3, max: 12 },
  },
  examples: ['a bit holder for 10 bits', 'a screwdriver bit holder with 20 slots'],
  read: (r) => ({
    count: r.count(/\bbits?\b|\bslots?\b|\bholes?\b|\bsockets?\b/),
    acrossFlats: fromCatalogue(hexBit.acrossFlats, `1/4 inch hex bit: ${hexBit.acrossFlats} mm across flats (ISO 1173) + ${r.clearance} mm clearance`),
  }),
  lettering: pocketLettering(block),
  build: (p, ctx) => buildPocketBlock(block(p, ctx), 'holder'),
  expect: (p, ctx) => expectPocketBlock(block(p, ctx)),
}
