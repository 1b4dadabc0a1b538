// Lays a family's parts (and their copies) out on one plate in rows, checked against the printer's usable bed.

import jscad from './jscad.js'
import { GatewayError } from '../../core/errors.js'
import type { Geom3, Part } from './types.js'

export const PART_GAP_MM = 5

export interface PlateSpace {
  x: number
  y: number
  z: number
  printer: string
}

/** Rows left to right, back to front, tallest-footprint first; the whole plate is centred on X/Y = 0. */
export function layoutPlate(parts: Part[], space: PlateSpace): Geom3[] {
  const boxes = parts.map((p) => ({ part: p, bb: jscad.measurements.measureBoundingBox(p.solid) }))
  for (const { part, bb } of boxes) {
    const [sx, sy, sz] = [bb[1][0] - bb[0][0], bb[1][1] - bb[0][1], bb[1][2] - bb[0][2]]
    if (sz > space.z || !((sx <= space.x && sy <= space.y) || (sy <= space.x && sx <= space.y))) {
      throw new GatewayError(
        'MODEL_TOO_LARGE',
        `The ${part.name} is ${sx.toFixed(1)} × ${sy.toFixed(1)} × ${sz.toFixed(1)} mm but the ${space.printer} prints at most ${space.x} × ${space.y} × ${space.z} mm`,
        { detail: { part: [sx, sy, sz], usable: [space.x, space.y, space.z] } },
      )
    }
  }
  const order = [...boxes].sort((a, b) => b.bb[1][1] - b.bb[0][1] - (a.bb[1][1] - a.bb[0][1]))
  const placed: Geom3[] = []
  let x = 0,
    y = 0,
    rowDepth = 0,
    width = 0
  for (const { part, bb } of order) {
    const sx = bb[1][0] - bb[0][0],
      sy = bb[1][1] - bb[0][1]
    if (x > 0 && x + sx > space.x) {
      y += rowDepth + PART_GAP_MM
      x = 0
      rowDepth = 0
    }
    placed.push(jscad.transforms.translate([x - bb[0][0], -(y + sy) - bb[0][1], -bb[0][2]], part.solid))
    x += sx + PART_GAP_MM
    width = Math.max(width, x - PART_GAP_MM)
    rowDepth = Math.max(rowDepth, sy)
  }
  const depth = y + rowDepth
  if (depth > space.y)
    throw new GatewayError(
      'MODEL_TOO_LARGE',
      `${parts.length} parts need ${width.toFixed(0)} × ${depth.toFixed(0)} mm of bed but the ${space.printer} has ${space.x} × ${space.y} mm`,
      { detail: { plate: [width, depth], usable: [space.x, space.y] } },
    )
  const all = jscad.measurements.measureAggregateBoundingBox(...placed)
  const shift: [number, number, number] = [-(all[0][0] + all[1][0]) / 2, -(all[0][1] + all[1][1]) / 2, 0]
  return placed.map((g) => jscad.transforms.translate(shift, g))
}
