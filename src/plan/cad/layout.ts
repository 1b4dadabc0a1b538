// Footprint of a shape and the plate layout of its copies, checked against the printer's build volume.

import { GatewayError } from '../../core/errors.js'
import type { PrinterModel, Vec3 } from '../catalogue.js'
import type { Shape } from '../intent/schema.js'

/** Kept free around the parts on each side of the bed, for the slicer's skirt. */
export const BED_BORDER_MM = 5
/** Gap between copies on the plate. */
export const COPY_GAP_MM = 5

/** Outer size [x, y, z] of one part as built (hex prisms have a corner pointing along X). */
export function partSize(shape: Shape): Vec3 {
  switch (shape.kind) {
    case 'box':
      return [shape.width, shape.depth, shape.height]
    case 'cylinder':
    case 'cone':
      return [shape.diameter, shape.diameter, shape.height]
    case 'sphere':
      return [shape.diameter, shape.diameter, shape.diameter]
    case 'pyramid':
      return [shape.base, shape.base, shape.height]
    case 'torus':
      return [shape.diameter, shape.diameter, shape.thickness]
    case 'tube':
      return [shape.outerDiameter, shape.outerDiameter, shape.height]
    case 'hex_prism':
      return [shape.acrossFlats / Math.cos(Math.PI / 6), shape.acrossFlats, shape.height]
  }
}

export interface Layout {
  offsets: Array<[number, number]>
  size: Vec3
}

const mm = (v: number) => Number(v.toFixed(1))

/** Lays `count` copies out in a near-square grid centred on the origin; throws MODEL_TOO_LARGE naming the sizes. */
export function layoutCopies(part: Vec3, count: number, printer: PrinterModel): Layout {
  const usable: Vec3 = [printer.buildVolume.x - 2 * BED_BORDER_MM, printer.buildVolume.y - 2 * BED_BORDER_MM, printer.buildVolume.z]
  const limit = `the ${printer.id} prints at most ${mm(usable[0])} × ${mm(usable[1])} × ${mm(usable[2])} mm (a ${printer.buildVolume.x} × ${printer.buildVolume.y} mm bed less a ${BED_BORDER_MM} mm border)`
  const detail = { part: part.map(mm), count, usable, printer: printer.id }
  if (part[0] > usable[0] || part[1] > usable[1] || part[2] > usable[2]) {
    throw new GatewayError('MODEL_TOO_LARGE', `The model is ${part.map(mm).join(' × ')} mm but ${limit}`, { detail })
  }
  const pitch: [number, number] = [part[0] + COPY_GAP_MM, part[1] + COPY_GAP_MM]
  const maxCols = Math.floor((usable[0] + COPY_GAP_MM) / pitch[0])
  const cols = Math.max(1, Math.min(count, maxCols, Math.ceil(Math.sqrt(count))))
  const rows = Math.ceil(count / cols)
  const size: Vec3 = [cols * pitch[0] - COPY_GAP_MM, rows * pitch[1] - COPY_GAP_MM, part[2]]
  if (size[1] > usable[1]) {
    throw new GatewayError('MODEL_TOO_LARGE', `${count} copies of ${mm(part[0])} × ${mm(part[1])} mm need ${mm(size[0])} × ${mm(size[1])} mm but ${limit}`, {
      detail: { ...detail, plate: size.map(mm) },
    })
  }
  const offsets: Array<[number, number]> = []
  for (let i = 0; i < count; i++) {
    const col = i % cols
    const row = Math.floor(i / cols)
    offsets.push([-size[0] / 2 + part[0] / 2 + col * pitch[0], size[1] / 2 - part[1] / 2 - row * pitch[1]])
  }
  return { offsets, size }
}
