// Keychain: a small tag with a large ring hole and raised or engraved words.

import { buildLabel, expectLabel, LABEL_PARAMS, readLabel, type LabelShape } from '../library/label.js'
import type { Family } from '../library/types.js'

const SHAPE: LabelShape = { base: 2.4, relief: 1, holesLeft: 1, holeD: 6, twoHoles: false }

export const keychain: Family = {
  id: 'keychain',
  title: 'Keychain',
  category: 'labels',
  names: /\bkey ?(?:chains?|rings?|fobs?|tags?)\b/,
  keywords: ['keychain', 'keyring', 'fob', 'key', 'keys'],
  params: LABEL_PARAMS('KEYS', 8, 40),
  examples: ['a keychain that says HOME', 'a key fob with the name "Lena", engraved'],
  read: readLabel,
  build: (p, ctx) => buildLabel(p, ctx, SHAPE, 'keychain'),
  expect: (p, ctx) => expectLabel(p, ctx, SHAPE),
}
