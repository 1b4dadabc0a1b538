// SD / microSD card holder: a block with a standing slot per card.

import { cards } from '../research/index.js'
import { rect } from '../library/geometry.js'
import { buildPocketBlock, expectPocketBlock, pocketLettering, type PocketBlock } from '../library/pockets.js'
import { num, str, type BuildContext, type Family, type Params } from '../library/types.js'

function block(p: Params, ctx: BuildContext): PocketBlock {
  const card = cards[str(p, 'card')]!
  const size: [number, number] = [card.width + 2 * ctx.clearance, card.thickness + 2 * ctx.clearance + 0.2]
  return { pocket: rect(...size), size, count: num(p, 'count'), depth: Math.round(card.length * 0.5), wall: 2, floor: 1.6 }
}

export const cardHolder: Family = {
  id: 'card_holder',
  title: 'SD card holder',
  category: 'holders',
  names:
    /\b(?:std_card |memory card |card )(?:cards? )?(?:holders?|boxe?s?|cases?|organi[sz]ers?|storage|racks?|stands?)\b|\b(?:holders?|boxe?s?|cases?|organi[sz]ers?|storage|racks?) for (?:\d+ )?(?:std_card|memory cards?)(?: cards?)?\b/,
  keywords: ['card', 'cards', 'memory', 'holder', 'microsd'],
  params: {
    card: { label: 'card', unit: 'choice', default: 'SD', choices: Object.keys(cards) },
    count: { label: 'number of cards', unit: 'count', default: 8, min: 1, max: 40, integer: true },
  },
  examples: ['an SD card holder for 8 cards', 'a holder for 12 microSD cards'],
  read(r) {
    const c = r.parts.card
    return {
      card: c
        ? {
            value: c.name,
            source: 'catalogue',
            note: `${c.name}: ${cards[c.name]!.width} × ${cards[c.name]!.length} × ${cards[c.name]!.thickness} mm (catalogue) + ${r.clearance} mm clearance`,
          }
        : undefined,
      count: r.count(/\bstd_card\b|\bcards?\b|\bslots?\b/),
    }
  },
  lettering: pocketLettering(block),
  build: (p, ctx) => buildPocketBlock(block(p, ctx), 'holder'),
  expect: (p, ctx) => expectPocketBlock(block(p, ctx)),
}
