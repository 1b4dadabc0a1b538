// L bracket: an L profile, lying on its side, with teardrop screw holes through both legs.

import { BRACKET_PARAMS, buildBracket, checkBracket, expectBracket, readBracket } from '../library/bracket.js'
import type { Family } from '../library/types.js'

export const lBracket: Family = {
  id: 'l_bracket',
  title: 'L bracket',
  category: 'hardware',
  names: /\b(?:l|angle)[ -]?brackets?\b|\b(?:right[ -]angle|90[ -]?degree) brackets?\b|\bangle (?:irons?|brackets?)\b|\bbrackets?\b/,
  keywords: ['bracket', 'angle', 'brace'],
  params: BRACKET_PARAMS(40, 20, 4, 4),
  examples: ['an L bracket with 4 screw holes', 'an L bracket 50 mm long, 20 mm wide, 5 mm thick for M4 screws'],
  read: readBracket,
  resolve: checkBracket,
  build: (p, ctx) => buildBracket(p, ctx, 'none'),
  expect: (p, ctx) => expectBracket(p, ctx, 'none'),
}
