// Tablet stand: the phone stand's profile, larger and steeper, for tablets and e-readers.

import { buildStand, expectStand, readStand, STAND_LETTERING, STAND_PARAMS } from '../library/stand.js'
import type { Family } from '../library/types.js'

export const tabletStand: Family = {
  id: 'tablet_stand',
  title: 'Tablet stand',
  category: 'household',
  names:
    /\b(?:tablet|ipad|kindle|e-?reader|book)s? (?:stands?|holders?|docks?|rests?)\b|\b(?:stands?|holders?|docks?) for (?:a |my )?(?:tablet|ipad|kindle|e-?reader)s?\b/,
  keywords: ['tablet', 'ipad', 'kindle', 'reader', 'stand'],
  params: STAND_PARAMS(130, 120, 14, 70),
  examples: ['a tablet stand', 'a stand for my iPad, 150 mm wide, at 60 degrees'],
  read: readStand,
  build: buildStand,
  lettering: STAND_LETTERING,
  expect: expectStand,
}
