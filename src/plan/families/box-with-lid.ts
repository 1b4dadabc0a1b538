// Box with a fitting lid: an open box and a lid whose lip fits inside it with the fit clearance, side by side on one plate.

import { box, extrude, roundedRect, subtract2, subtract3, union3, rect } from '../library/geometry.js'
import { readBox, WALL } from '../library/read-helpers.js'
import { bedFace, boxSide, SIDES } from '../library/lettering.js'
import { num, type BuildContext, type Family, type Params } from '../library/types.js'

const LIP = 4

function dims(p: Params, ctx: BuildContext) {
  const [w, d, h, t] = ['width', 'depth', 'height', 'wall'].map((k) => num(p, k)) as [number, number, number, number]
  const lipOuter: [number, number] = [w - 2 * t - 2 * ctx.clearance, d - 2 * t - 2 * ctx.clearance]
  return { w, d, h, t, lipOuter, r: Math.min(3, t * 1.5) }
}

export const boxWithLid: Family = {
  id: 'box_with_lid',
  title: 'Box with lid',
  category: 'containers',
  names:
    /\b(?:box|container|case|tin)(?:es)? with (?:a |its own |an? (?:fitting|matching|snug|separate) )?(?:lid|cover|top)s?\b|\b(?:lidded|covered) (?:box|container)(?:es)?\b|\bbox and (?:a )?lid\b|\btrinket box(?:es)?\b|\bjewel(?:le)?ry box(?:es)?\b/,
  keywords: ['box', 'lid', 'cover', 'container', 'lidded', 'trinket'],
  params: {
    width: { label: 'outer width', unit: 'mm', default: 80, min: 20, max: 250 },
    depth: { label: 'outer depth', unit: 'mm', default: 60, min: 20, max: 250 },
    height: { label: 'box height', unit: 'mm', default: 40, min: 10, max: 200 },
    wall: { label: 'wall thickness', unit: 'mm', default: 2, min: 1.2, max: 6 },
  },
  examples: ['a box with a lid 80 x 60 x 40 mm', 'a jewellery box with a lid, 100 mm wide, 60 deep, 30 tall'],
  read: (r) => ({ wall: r.length(WALL), ...readBox(r) }),
  resolve: (p) => (2 * num(p, 'wall') >= Math.min(num(p, 'width'), num(p, 'depth')) - 8 ? 'The walls leave no room inside the box' : null),
  build(p, ctx) {
    const { w, d, h, t, lipOuter, r } = dims(p, ctx)
    const body = subtract3(extrude(roundedRect(w, d, r), h), box(w - 2 * t, d - 2 * t, h, t))
    const lipRing = subtract2(rect(...lipOuter), rect(lipOuter[0] - 2 * t, lipOuter[1] - 2 * t))
    const lid = union3(extrude(roundedRect(w, d, r), t), extrude(lipRing, LIP + 0.5, t - 0.5))
    return [
      { name: 'box', solid: body },
      { name: 'lid', solid: lid },
    ]
  },
  lettering: {
    faces: ['lid', ...SIDES],
    face(p, name) {
      const { w, d, h, t, r } = dims(p, { clearance: 0, holeCompensation: 0 })
      return name === 'lid' ? bedFace('lid', w - 2 * r, d, t) : boxSide(name as (typeof SIDES)[number], 'box', w, d, h, t, r)
    },
  },
  expect(p, ctx) {
    const { w, d, h, t, lipOuter, r } = dims(p, ctx)
    const plate = w * d - (4 - Math.PI) * r * r
    const lip = lipOuter[0] * lipOuter[1] - (lipOuter[0] - 2 * t) * (lipOuter[1] - 2 * t)
    return { size: [w, d, h], volume: plate * h - (w - 2 * t) * (d - 2 * t) * (h - t) + plate * t + lip * LIP }
  },
}
