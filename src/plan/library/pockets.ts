// Blocks with pockets open at the top (battery, card and bit holders): pockets laid out in a grid, one shared builder.

import { area, extrude, roundedRect, subtract3, transforms, union2 } from './geometry.js'
import { boxSide, SIDES } from './lettering.js'
import type { BuildContext, Expectation, Geom2, Lettering, Params, Part } from './types.js'

export interface PocketBlock {
  /** One pocket's outline, centred on the origin, and its footprint. */
  pocket: Geom2
  size: [number, number]
  count: number
  depth: number
  wall: number
  floor: number
}

function grid(b: PocketBlock) {
  const cols = b.count <= 6 ? b.count : Math.ceil(Math.sqrt(b.count * (b.size[1] / b.size[0])))
  const rows = Math.ceil(b.count / cols)
  const pitch: [number, number] = [b.size[0] + b.wall, b.size[1] + b.wall]
  const w = cols * pitch[0] + b.wall,
    d = rows * pitch[1] + b.wall
  return { cols, rows, pitch, w, d, h: b.floor + b.depth }
}

function pockets(b: PocketBlock): Geom2 {
  const { cols, pitch, w, d } = grid(b)
  const out: Geom2[] = []
  for (let i = 0; i < b.count; i++) {
    const c = i % cols,
      r = Math.floor(i / cols)
    out.push(transforms.translate([-w / 2 + b.wall + b.size[0] / 2 + c * pitch[0], d / 2 - b.wall - b.size[1] / 2 - r * pitch[1], 0], b.pocket))
  }
  return union2(...out)
}

export function buildPocketBlock(b: PocketBlock, name: string): Part[] {
  const { w, d, h } = grid(b)
  return [{ name, solid: subtract3(extrude(roundedRect(w, d, 2), h), extrude(pockets(b), b.depth + 1, b.floor)) }]
}

export function expectPocketBlock(b: PocketBlock): Expectation {
  const { w, d, h } = grid(b)
  return { size: [w, d, h], volume: area(roundedRect(w, d, 2)) * h - b.count * area(b.pocket) * b.depth }
}

/** Words on the block's four sides; the pockets sit `wall` behind each. Sized without clearance where none is given (the smallest the face can be). */
export function pocketLettering(block: (p: Params, ctx: BuildContext) => PocketBlock): Lettering {
  return {
    faces: SIDES,
    face(p, name, ctx = { clearance: 0, holeCompensation: 0 }) {
      const b = block(p, ctx)
      const { w, d, h } = grid(b)
      return boxSide(name as (typeof SIDES)[number], 'holder', w, d, h, b.wall, 2)
    },
  }
}
