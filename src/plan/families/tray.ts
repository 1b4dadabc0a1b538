// Tray with N compartments: an open tray divided into equal compartments in a row or grid ("a tray with 4 compartments").

import { extrude, rect, roundedRect, subtract3, union2 } from '../library/geometry.js'
import { readBox, WALL } from '../library/read-helpers.js'
import { boxSide, SIDES } from '../library/lettering.js'
import { num, type Family, type Params } from '../library/types.js'

function grid(p: Params) {
  const n = num(p, 'compartments')
  const cols = n <= 4 ? n : Math.ceil(Math.sqrt(n * (num(p, 'width') / num(p, 'depth'))))
  const rows = Math.ceil(n / cols)
  const t = num(p, 'wall')
  const cw = (num(p, 'width') - (cols + 1) * t) / cols
  const cd = (num(p, 'depth') - (rows + 1) * t) / rows
  return { cols, rows, cw, cd, t }
}

function cells(p: Params) {
  const { cols, rows, cw, cd, t } = grid(p)
  const w = num(p, 'width'),
    d = num(p, 'depth')
  const out = []
  for (let i = 0; i < cols; i++) for (let j = 0; j < rows; j++) out.push(rect(cw, cd, [-w / 2 + t + cw / 2 + i * (cw + t), -d / 2 + t + cd / 2 + j * (cd + t)]))
  return union2(...out)
}

export const tray: Family = {
  id: 'tray',
  title: 'Tray with compartments',
  category: 'containers',
  names:
    /\b(?:(?:divided|sorting|parts|screw|bead|craft|desk|drawer|compartment|organi[sz]er|storage) )?trays?\b|\b(?:drawer |desk |parts |screw )?organi[sz]ers? with (?:\d+ )?compartments\b|\bcompartment (?:box|tray)\b/,
  keywords: ['tray', 'compartment', 'compartments', 'divided', 'sorting', 'organiser', 'organizer'],
  params: {
    width: { label: 'outer width', unit: 'mm', default: 120, min: 20, max: 250 },
    depth: { label: 'outer depth', unit: 'mm', default: 80, min: 20, max: 250 },
    height: { label: 'height', unit: 'mm', default: 25, min: 5, max: 150 },
    wall: { label: 'wall thickness', unit: 'mm', default: 1.6, min: 0.9, max: 5 },
    compartments: { label: 'compartments', unit: 'count', default: 4, min: 1, max: 48, integer: true },
  },
  examples: ['a tray with 4 compartments', 'a 150 x 100 x 30 mm tray with 6 compartments'],
  read: (r) => ({ compartments: r.count(/\b(?:compartments?|sections?|cells?|slots?|dividers?|pockets?|divisions?)\b/), wall: r.length(WALL), ...readBox(r) }),
  resolve(p) {
    const { cw, cd } = grid(p)
    return cw < 8 || cd < 8
      ? `${p.compartments} compartments in a ${p.width} × ${p.depth} mm tray would be under 8 mm wide; ask for a larger tray or fewer compartments`
      : null
  },
  build(p) {
    const w = num(p, 'width'),
      d = num(p, 'depth'),
      h = num(p, 'height'),
      t = num(p, 'wall')
    return [{ name: 'tray', solid: subtract3(extrude(roundedRect(w, d, 2), h), extrude(cells(p), h, t)) }]
  },
  lettering: {
    faces: SIDES,
    face: (p, name) => boxSide(name as (typeof SIDES)[number], 'tray', num(p, 'width'), num(p, 'depth'), num(p, 'height'), num(p, 'wall'), 2),
  },
  expect(p) {
    const w = num(p, 'width'),
      d = num(p, 'depth'),
      h = num(p, 'height'),
      t = num(p, 'wall')
    const { cols, rows, cw, cd } = grid(p)
    return { size: [w, d, h], volume: (w * d - (4 - Math.PI) * 4) * h - cols * rows * cw * cd * (h - t) }
  },
}
