// Name tag: a rounded plate with the words raised (or engraved) and a hole for a strap ("a name tag that says ANNA").

import { buildLabel, expectLabel, LABEL_PARAMS, readLabel, type LabelShape } from '../library/label.js'
import type { Family } from '../library/types.js'

const SHAPE: LabelShape = { base: 2, relief: 1, holesLeft: 1, holeD: 5, twoHoles: false }

export const nameTag: Family = {
  id: 'name_tag',
  title: 'Name tag',
  category: 'labels',
  names: /\bname ?(?:tags?|plates?|badges?|labels?)\b|\b(?:luggage |bag |pet |dog |gift )?tags?\b|\blabels?\b|\bbadges?\b/,
  keywords: ['name', 'tag', 'badge', 'label', 'nametag'],
  params: LABEL_PARAMS('NAME', 10, 50),
  examples: ['a name tag that says ANNA', 'a name tag with the text "Max" and 12 mm letters, engraved'],
  read: readLabel,
  build: (p, ctx) => buildLabel(p, ctx, SHAPE, 'tag'),
  expect: (p, ctx) => expectLabel(p, ctx, SHAPE),
}
