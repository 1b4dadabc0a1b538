// Case for a Raspberry Pi or Arduino: a base with standoffs on the board's hole pattern (catalogue) and port openings, and a vented lid.

import { boards } from '../research/index.js'
import { area, box, circle, extrude, facetedCircleArea, rect, roundedRect, subtract2, subtract3, union3 } from '../library/geometry.js'
import { num, str, type BuildContext, type Family, type Params } from '../library/types.js'

const WALL = 2,
  FLOOR = 2,
  GAP = 1,
  STANDOFF = 5,
  LID = 2,
  LIP = 3

function dims(p: Params, ctx: BuildContext) {
  const b = boards[str(p, 'board')]!
  const iw = b.width + 2 * GAP,
    id = b.depth + 2 * GAP
  const w = iw + 2 * WALL,
    d = id + 2 * WALL
  const h = FLOOR + STANDOFF + b.tallest + num(p, 'headroom')
  const pilot = Number(b.screw.slice(1)) - 0.4 + ctx.holeCompensation
  const holes = b.holes.map(([x, y]) => [-b.width / 2 + x, -b.depth / 2 + y] as [number, number])
  const notchZ = FLOOR + STANDOFF - 1
  return { b, iw, id, w, d, h, pilot, holes, notchZ, notchShort: id * 0.8, notchLong: iw * 0.6 }
}

function lidProfile(p: Params, ctx: BuildContext) {
  const { w, d } = dims(p, ctx)
  const vents = Array.from({ length: 5 }, (_, i) => rect(w * 0.5, 2, [0, -8 + i * 4]))
  return subtract2(roundedRect(w, d, 3), ...vents)
}

function lipRing(p: Params, ctx: BuildContext) {
  const { iw, id } = dims(p, ctx)
  const ow = iw - 2 * ctx.clearance,
    od = id - 2 * ctx.clearance
  return subtract2(rect(ow, od), rect(ow - 2 * WALL, od - 2 * WALL))
}

export const boardCase: Family = {
  id: 'board_case',
  title: 'Board case',
  category: 'holders',
  names: /\b(?:cases?|enclosures?|housings?|boxe?s?|covers?) for (?:an? |my |the )?std_board\b|\bstd_board (?:cases?|enclosures?|housings?|boxe?s?)\b/,
  keywords: ['case', 'enclosure', 'housing', 'raspberry', 'arduino', 'pi'],
  params: {
    board: { label: 'board', unit: 'choice', default: 'Raspberry Pi 4', choices: Object.keys(boards) },
    headroom: { label: 'room above the tallest part', unit: 'mm', default: 3, min: 1, max: 40 },
  },
  examples: ['a case for a Raspberry Pi 4', 'an enclosure for an Arduino Uno'],
  read: (r) => ({
    board: r.parts.board
      ? {
          value: r.parts.board.name,
          source: 'catalogue',
          note: `${r.parts.board.name}: ${r.parts.board.board.width} × ${r.parts.board.board.depth} mm, ${r.parts.board.board.screw} holes at ${r.parts.board.board.holes.map((h) => `(${h.join(', ')})`).join(' ')} (catalogue)`,
        }
      : undefined,
    headroom: r.length(/\b(?:headroom|room|space|clearance)\b/),
  }),
  build(p, ctx) {
    const { w, d, h, iw, id, pilot, holes, notchZ, notchShort, notchLong } = dims(p, ctx)
    const shell = subtract3(
      extrude(roundedRect(w, d, 3), h),
      box(iw, id, h, FLOOR),
      box(WALL + 2, notchShort, h, notchZ, [w / 2 - WALL / 2, 0]),
      box(notchLong, WALL + 2, h, notchZ, [0, -d / 2 + WALL / 2]),
    )
    const posts = holes.map((c) => extrude(subtract2(circle(6, c), circle(pilot, c)), STANDOFF + 0.5, FLOOR - 0.5))
    const base = union3(shell, ...posts)
    const lid = union3(extrude(lidProfile(p, ctx), LID), extrude(lipRing(p, ctx), LIP + 0.5, LID - 0.5))
    return [
      { name: 'base', solid: base },
      { name: 'lid', solid: lid },
    ]
  },
  expect(p, ctx) {
    const { w, d, h, iw, id, pilot, holes, notchZ, notchShort, notchLong } = dims(p, ctx)
    const shell = area(roundedRect(w, d, 3)) * h - iw * id * (h - FLOOR) - (WALL * notchShort + notchLong * WALL) * (h - notchZ)
    const posts = holes.length * (facetedCircleArea(6) - facetedCircleArea(pilot)) * STANDOFF
    const lid = area(lidProfile(p, ctx)) * LID + area(lipRing(p, ctx)) * LIP
    return { size: [w, d, h], volume: shell + posts + lid }
  },
}
