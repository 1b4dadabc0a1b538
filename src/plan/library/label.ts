// Flat labels with words on top (name tags, keychains, signs): raised or engraved text, holes, one shared builder.

import { area, extrude, hole, roundedRect, size2, subtract2, subtract3, textOutline, transforms, union3 } from './geometry.js'
import type { BuildContext, Expectation, Family, Params, Part, ReadValue } from './types.js'
import { num, str } from './types.js'
import type { Reader } from './reader.js'

export interface LabelShape {
  base: number
  relief: number
  /** Holes as [x offset from the left edge, diameter]; the text sits right of them. */
  holesLeft: number
  holeD: number
  /** Two mounting holes at both ends instead of one on the left. */
  twoHoles: boolean
}

export function labelLayout(p: Params, s: LabelShape) {
  const outline = textOutline(str(p, 'text'), num(p, 'letterHeight'))
  const [tw, th] = size2(outline)
  const margin = Math.max(3, num(p, 'letterHeight') * 0.4)
  const holeRoom = s.holeD > 0 ? s.holeD + margin : 0
  const width = Math.max(num(p, 'width'), tw + 2 * margin + holeRoom * (s.twoHoles ? 2 : 1))
  const depth = Math.max(th + 2 * margin, s.holeD + 2 * margin)
  const holes: Array<[number, number]> =
    s.holeD === 0
      ? []
      : s.twoHoles
        ? [
            [-width / 2 + margin / 2 + s.holeD / 2, 0],
            [width / 2 - margin / 2 - s.holeD / 2, 0],
          ]
        : [[-width / 2 + margin / 2 + s.holeD / 2, 0]]
  const textX = s.twoHoles ? 0 : holeRoom / 2
  return { outline, width, depth, holes, textX, margin }
}

export const engraved = (p: Params) => str(p, 'style') === 'engraved'

export function buildLabel(p: Params, ctx: BuildContext, s: LabelShape, name: string): Part[] {
  const { outline, width, depth, holes, textX } = labelLayout(p, s)
  const plateProfile = subtract2(roundedRect(width, depth, Math.min(depth / 2 - 0.1, 4)), ...holes.map((c) => hole(s.holeD, ctx, c)))
  if (engraved(p)) {
    const plate = extrude(plateProfile, s.base + s.relief)
    return [{ name, solid: subtract3(plate, transforms.translate([textX, 0, 0], extrude(outline, s.relief + 1, s.base))) }]
  }
  const letters = transforms.translate([textX, 0, 0], extrude(outline, s.relief + 0.5, s.base - 0.5))
  return [{ name, solid: union3(extrude(plateProfile, s.base), letters) }]
}

export function expectLabel(p: Params, ctx: BuildContext, s: LabelShape): Expectation {
  const { outline, width, depth, holes } = labelLayout(p, s)
  const plate = () => area(roundedRect(width, depth, Math.min(depth / 2 - 0.1, 4))) - holes.length * Math.PI * ((s.holeD + ctx.holeCompensation) / 2) ** 2
  const text = () => area(outline) * s.relief
  return {
    size: [width, depth, s.base + s.relief],
    get volume() {
      return engraved(p) ? plate() * (s.base + s.relief) - text() : plate() * s.base + text()
    },
  }
}

export const LABEL_PARAMS = (text: string, letter: number, width: number): Family['params'] => ({
  text: { label: 'text', unit: 'text', default: text },
  letterHeight: { label: 'letter height', unit: 'mm', default: letter, min: 4, max: 80 },
  width: { label: 'minimum width', unit: 'mm', default: width, min: 15, max: 210 },
  style: { label: 'text style', unit: 'choice', default: 'raised', choices: ['raised', 'engraved'] },
})

export function readLabel(r: Reader): Record<string, ReadValue | undefined> {
  return {
    text: r.words ? { value: r.words, source: 'asked' } : undefined,
    style: r.has(/\b(?:engraved?|carved|cut in(?:to)?|recessed|debossed|sunk(?:en)?)\b/)
      ? { value: 'engraved', source: 'asked' }
      : r.has(/\b(?:embossed|raised|relief)\b/)
        ? { value: 'raised', source: 'asked' }
        : undefined,
    letterHeight: r.length(/\b(?:letters?|text|font|characters?)(?: height| size)?\b|\bhigh letters\b/),
    width: r.length(/\b(?:wide|width|long|length)\b/) ?? r.rest()[0],
  }
}
