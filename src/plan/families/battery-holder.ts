// Battery holder: a block with a pocket per cell (AA, AAA, 18650, coin cells …), sized from the catalogue plus clearance.

import { batteries } from '../research/index.js'
import { circle, rect } from '../library/geometry.js'
import { buildPocketBlock, expectPocketBlock, pocketLettering, type PocketBlock } from '../library/pockets.js'
import { num, str, type BuildContext, type Family, type Params } from '../library/types.js'

const CELLS = Object.keys(batteries)

function block(p: Params, ctx: BuildContext): PocketBlock {
  const cell = batteries[str(p, 'cell')]!
  const c = ctx.clearance
  if (cell.kind === 'coin') {
    const size: [number, number] = [cell.length + 2 * c, cell.diameter + 2 * c]
    return { pocket: rect(...size), size, count: num(p, 'count'), depth: Math.round(cell.diameter * 0.6), wall: 2, floor: 1.6 }
  }
  if (cell.kind === 'block') {
    const size: [number, number] = [cell.diameter + 2 * c, (cell.depth ?? 17.5) + 2 * c]
    return { pocket: rect(...size), size, count: num(p, 'count'), depth: Math.round(cell.length * 0.6), wall: 2, floor: 1.6 }
  }
  const d = cell.diameter + 2 * c
  return { pocket: circle(d), size: [d, d], count: num(p, 'count'), depth: Math.round(cell.length * 0.6), wall: 1.6, floor: 1.6 }
}

export const batteryHolder: Family = {
  id: 'battery_holder',
  title: 'Battery holder',
  category: 'holders',
  names:
    /\b(?:std_battery |batter(?:y|ies) |cells? )(?:holders?|boxe?s?|cases?|organi[sz]ers?|storage|trays?|racks?|dispensers?|caddy)\b|\b(?:holders?|boxe?s?|cases?|organi[sz]ers?|storage|trays?|racks?|dispensers?|caddy) for (?:\d+ )?(?:std_battery ?)?(?:batter(?:y|ies)|cells?|std_battery)\b/,
  keywords: ['battery', 'batteries', 'cell', 'cells', 'holder', 'organiser'],
  params: {
    cell: { label: 'cell', unit: 'choice', default: 'AA', choices: CELLS },
    count: { label: 'number of cells', unit: 'count', default: 4, min: 1, max: 60, integer: true },
  },
  examples: ['a holder for 4 AA batteries', 'an 18650 battery holder for 6 cells'],
  read(r) {
    const b = r.parts.battery
    return {
      cell: b
        ? { value: b.name, source: 'catalogue', note: `${b.name}: Ø ${b.cell.diameter} × ${b.cell.length} mm (catalogue) + ${r.clearance} mm clearance` }
        : undefined,
      count: r.count(/\bstd_battery\b|\bbatter(?:y|ies)\b|\bcells?\b|\bslots?\b|\bpockets?\b/) ?? r.count(/\bx std_battery\b/),
    }
  },
  lettering: pocketLettering(block),
  build: (p, ctx) => buildPocketBlock(block(p, ctx), 'holder'),
  expect: (p, ctx) => expectPocketBlock(block(p, ctx)),
}
