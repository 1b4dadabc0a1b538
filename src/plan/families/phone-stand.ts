// Phone stand: a desk stand that holds a phone leaning back at a set angle (printed on its side profile, no supports).

import { buildStand, expectStand, readStand, STAND_LETTERING, STAND_PARAMS } from '../library/stand.js'
import type { Family } from '../library/types.js'

export const phoneStand: Family = {
  id: 'phone_stand',
  title: 'Phone stand',
  category: 'household',
  names:
    /\b(?:phone|smartphone|mobile|iphone|cell ?phone)s? (?:stands?|holders?|docks?|rests?)\b|\b(?:stands?|holders?|docks?) for (?:a |my )?(?:phone|smartphone|mobile|iphone)s?\b/,
  keywords: ['phone', 'stand', 'smartphone', 'mobile', 'dock', 'iphone'],
  params: STAND_PARAMS(90, 70, 12, 65),
  examples: ['a phone stand', 'a phone stand at 70 degrees for a 10 mm thick phone'],
  read: readStand,
  build: buildStand,
  lettering: STAND_LETTERING,
  expect: expectStand,
}
