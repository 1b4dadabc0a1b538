// Corner bracket: an L with a triangular gusset in the corner, lying on its side, with teardrop screw holes through both legs.

import { BRACKET_PARAMS, buildBracket, checkBracket, expectBracket, readBracket } from '../library/bracket.js'
import type { Family } from '../library/types.js'

export const cornerBracket: Family = {
  id: 'corner_bracket',
  title: 'Corner bracket',
  category: 'hardware',
  names: /\b(?:corner|gusset(?:ed)?|reinforced|triangle) (?:brackets?|braces?)\b/,
  keywords: ['corner', 'gusset', 'bracket', 'reinforced'],
  params: BRACKET_PARAMS(40, 20, 4, 4),
  examples: ['a corner bracket', 'a gusseted corner bracket 60 mm with 2 screw holes'],
  read: readBracket,
  resolve: checkBracket,
  build: (p, ctx) => buildBracket(p, ctx, 'gusset'),
  expect: (p, ctx) => expectBracket(p, ctx, 'gusset'),
}
