// Sign: a plate with large raised or engraved words and two mounting holes ("a sign saying NO PARKING").

import { buildLabel, expectLabel, LABEL_PARAMS, readLabel, type LabelShape } from '../library/label.js'
import type { Family } from '../library/types.js'

const SHAPE: LabelShape = { base: 3, relief: 1.2, holesLeft: 1, holeD: 4.5, twoHoles: true }

export const sign: Family = {
  id: 'sign',
  title: 'Sign',
  category: 'labels',
  names: /\b(?:door |wall |desk |warning |shop |house |room )?(?:signs?|plaques?|placards?|signboards?)\b/,
  keywords: ['sign', 'plaque', 'placard', 'signboard', 'door'],
  params: LABEL_PARAMS('OPEN', 12, 120),
  examples: ['a sign saying "NO PARKING"', 'a door sign that says OFFICE with 25 mm letters'],
  read: readLabel,
  build: (p, ctx) => buildLabel(p, ctx, SHAPE, 'sign'),
  expect: (p, ctx) => expectLabel(p, ctx, SHAPE),
}
