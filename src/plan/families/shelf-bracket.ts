// Shelf bracket: an L with a diagonal brace, lying on its side, with teardrop screw holes through both legs.

import { BRACKET_PARAMS, buildBracket, checkBracket, expectBracket, readBracket } from '../library/bracket.js'
import type { Family } from '../library/types.js'

export const shelfBracket: Family = {
  id: 'shelf_bracket',
  title: 'Shelf bracket',
  category: 'hardware',
  names: /\bshel(?:f|ves) (?:brackets?|supports?)\b|\b(?:brackets?|supports?) (?:for|to (?:hold|support|carry)|holding) (?:a |the |my )?shel(?:f|ves)\b/,
  keywords: ['shelf', 'shelves', 'bracket', 'support'],
  params: BRACKET_PARAMS(120, 25, 5, 4),
  examples: ['a shelf bracket', 'a shelf bracket 150 mm with 4 screw holes'],
  read: readBracket,
  resolve: checkBracket,
  build: (p, ctx) => buildBracket(p, ctx, 'brace'),
  expect: (p, ctx) => expectBracket(p, ctx, 'brace'),
}
