// Name tag: a rounded plate with the words raised on top and a hole for a strap ("a name tag that says ANNA").

import { area, extrude, hole, transforms, roundedRect, size2, subtract2, textOutline, union3 } from '../library/geometry.js'
import { num, str, type BuildContext, type Family, type Params } from '../library/types.js'

const BASE = 2
const RELIEF = 1

export function tagLayout(p: Params) {
  const letters = str(p, 'text')
  const h = num(p, 'letterHeight')
  const outline = textOutline(letters, h)
  const [tw, th] = size2(outline)
  const margin = Math.max(4, h * 0.4)
  const holeD = 5
  return { outline, width: Math.max(num(p, 'width'), tw + 2 * margin + holeD + margin), depth: th + 2 * margin, holeD, margin }
}

export const nameTag: Family = {
  id: 'name_tag', title: 'Name tag', category: 'labels',
  names: /\bname ?(?:tags?|plates?|badges?|labels?)\b|\b(?:desk )?name ?signs?\b|\b(?:luggage |bag |pet |dog )?tags?\b|\blabels?\b/,
  keywords: ['name', 'tag', 'badge', 'label', 'nametag'],
  params: {
    text: { label: 'text', unit: 'text', default: 'NAME' },
    letterHeight: { label: 'letter height', unit: 'mm', default: 10, min: 5, max: 60 },
    width: { label: 'minimum width', unit: 'mm', default: 50, min: 20, max: 200 },
  },
  examples: ['a name tag that says ANNA', 'a name tag with the text "Max" and 12 mm letters'],
  read(r) {
    return {
      text: r.words ? { value: r.words, source: 'asked' } : undefined,
      letterHeight: r.length(/\b(?:letters?|text|font|characters?)(?: height| size)?\b/),
      width: r.length(/\b(?:wide|width|long|length)\b/) ?? r.rest()[0],
    }
  },
  build(p, ctx: BuildContext) {
    const { outline, width, depth, holeD, margin } = tagLayout(p)
    const plate = extrude(subtract2(roundedRect(width, depth, 3), hole(holeD, ctx, [-width / 2 + margin / 2 + holeD / 2, 0])), BASE)
    const letters = transforms.translate([(holeD + margin) / 2, 0, 0], extrude(outline, RELIEF + 0.5, BASE - 0.5))
    return [{ name: 'tag', solid: union3(plate, letters) }]
  },
  expect(p, ctx) {
    const { outline, width, depth, holeD } = tagLayout(p)
    const plate = area(roundedRect(width, depth, 3)) - Math.PI * ((holeD + ctx.holeCompensation) / 2) ** 2
    return { size: [width, depth, BASE + RELIEF], volume: plate * BASE + area(outline) * RELIEF }
  },
}
