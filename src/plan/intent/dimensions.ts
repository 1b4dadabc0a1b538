// Turns the measured numbers of a request into the dimensions of one shape, recording every default it fills in.

import { GatewayError } from '../../core/errors.js'
import type { ObjectName, Shape } from './schema.js'
import type { Role } from './vocabulary.js'

export interface Dimension {
  mm: number
  role: Role | null
  weak: boolean
  group: number | null
  text: string
}

export interface ShapeResult {
  shape: Shape
  assumptions: string[]
  defaulted: number
}

/** ISO 7089-style washers by metric screw size: hole, outer diameter, thickness (mm). */
const METRIC_WASHERS: Record<number, [number, number, number]> = {
  2: [2.2, 5, 0.6],
  2.5: [2.7, 6, 0.6],
  3: [3.2, 7, 0.8],
  4: [4.3, 9, 0.8],
  5: [5.3, 10, 1],
  6: [6.4, 12, 1.6],
  8: [8.4, 16, 1.6],
  10: [10.5, 20, 2],
  12: [13, 24, 2.5],
}

const fmt = (mm: number) => `${Number(mm.toFixed(2))} mm`

/** Hands out the request's numbers by role; whatever is left at the end was not understood. */
class DimensionPool {
  constructor(private readonly dims: Dimension[]) {}
  take(...roles: Role[]): Dimension | undefined {
    for (const role of roles) {
      const i = this.dims.findIndex((d) => d.role === role && !d.weak)
      if (i >= 0) return this.dims.splice(i, 1)[0]
    }
    return undefined
  }
  /** The next number with no role, or only a weak one ("2 cm cube", "size 20"). */
  takeLoose(): Dimension | undefined {
    const i = this.dims.findIndex((d) => d.role === null || d.weak)
    return i >= 0 ? this.dims.splice(i, 1)[0] : undefined
  }
  groupSize(): number {
    const g = this.dims.find((d) => d.group !== null)?.group
    return g === undefined ? 0 : this.dims.filter((d) => d.group === g).length
  }
  leftovers(): Dimension[] {
    return this.dims
  }
}

export function resolveShape(object: ObjectName, dims: Dimension[], o: { mSize: number | null; sizeWord: string | null }): ShapeResult {
  const pool = new DimensionPool([...dims])
  const assumptions: string[] = []
  let defaulted = 0
  const value = (d: Dimension | undefined, role: Role) => (d ? (role === 'radius' || role === 'innerRadius' ? d.mm * 2 : d.mm) : undefined)
  const pick = (...roles: Role[]): number | undefined => {
    for (const role of roles) {
      const v = value(pool.take(role), role)
      if (v !== undefined) return v
    }
    return undefined
  }
  const loose = () => pool.takeLoose()?.mm
  const orDefault = (v: number | undefined, fallback: number, what: string, why = 'assumed'): number => {
    if (v !== undefined) return v
    defaulted++
    assumptions.push(`${what} not given: ${fmt(fallback)} ${why}`)
    return fallback
  }
  const sized = (normal: number) => (o.sizeWord === 'tiny' ? normal / 2 : o.sizeWord === 'large' ? normal * 2.5 : normal)

  let shape: Shape
  switch (object) {
    case 'cube':
    case 'calibration_cube':
    case 'box':
    case 'plate': {
      const grouped = pool.groupSize()
      const side = pick('side')
      let depth = pick('depth')
      const length = pick('length')
      let width = pick('width')
      // "60 long, 20 wide": length runs along X and width becomes the depth.
      if (length !== undefined && width !== undefined && depth === undefined) [width, depth] = [length, width]
      else width ??= length
      let height = pick('height', 'thickness')
      if (grouped >= 2 || object === 'box' || object === 'plate') {
        width ??= loose()
        depth ??= loose()
        height ??= loose()
      } else {
        const s = side ?? loose()
        width ??= s
        depth ??= s
        height ??= s
      }
      if (side !== undefined) {
        width ??= side
        depth ??= side
        height ??= side
      }
      const normal = object === 'plate' ? 100 : object === 'calibration_cube' ? 20 : sized(20)
      if (object === 'cube' || object === 'calibration_cube') {
        if (width === undefined && depth === undefined && height === undefined) {
          defaulted++
          assumptions.push(`size not given: ${fmt(normal)} ${object === 'calibration_cube' ? 'calibration cube' : 'cube'} assumed`)
          width = depth = height = normal
        }
        const given = [width, depth, height].filter((v): v is number => v !== undefined)
        // "a cube 5 cm tall": one size given, so every side has it.
        if (given.length === 1) width = depth = height = given[0]
      }
      width = orDefault(width, normal, 'width')
      depth = orDefault(depth, object === 'plate' ? width : width, 'depth', object === 'plate' ? 'assumed (square)' : 'assumed (same as the width)')
      height = orDefault(height, object === 'plate' ? 3 : Math.min(width, depth), object === 'plate' ? 'thickness' : 'height')
      if ((object === 'cube' || object === 'calibration_cube') && !(width === depth && depth === height))
        assumptions.push(`sides differ: built as a ${fmt(width)} × ${fmt(depth)} × ${fmt(height)} box`)
      shape = { kind: 'box', width, depth, height }
      break
    }
    case 'cylinder':
    case 'rod':
    case 'disc': {
      const normalDia = object === 'rod' ? 10 : object === 'disc' ? 50 : sized(20)
      const diameter = orDefault(pick('diameter', 'radius', 'outer', 'width', 'side') ?? loose(), normalDia, 'diameter')
      const h = pick('height', 'length', 'thickness', 'depth') ?? loose()
      const height = orDefault(
        h,
        object === 'rod' ? 100 : object === 'disc' ? 3 : diameter,
        object === 'disc' ? 'thickness' : object === 'rod' ? 'length' : 'height',
        object === 'cylinder' ? 'assumed (same as the diameter)' : 'assumed',
      )
      shape = { kind: 'cylinder', diameter, height }
      break
    }
    case 'sphere':
      shape = { kind: 'sphere', diameter: orDefault(pick('diameter', 'radius', 'side', 'width', 'height') ?? loose(), sized(20), 'diameter') }
      break
    case 'cone': {
      const diameter = orDefault(pick('diameter', 'radius', 'width', 'side') ?? loose(), sized(20), 'base diameter')
      shape = { kind: 'cone', diameter, height: orDefault(pick('height', 'length') ?? loose(), diameter, 'height', 'assumed (same as the base)') }
      break
    }
    case 'pyramid': {
      const base = orDefault(pick('width', 'side', 'length', 'depth') ?? loose(), sized(20), 'base width')
      shape = { kind: 'pyramid', base, height: orDefault(pick('height') ?? loose(), base, 'height', 'assumed (same as the base)') }
      break
    }
    case 'torus':
    case 'ring': {
      const outer = pick('outer', 'diameter', 'radius', 'side', 'width')
      const inner = pick('inner', 'innerRadius')
      if (outer === undefined && inner !== undefined) {
        const thickness = orDefault(pick('thickness', 'height') ?? loose(), 3, 'thickness')
        shape = { kind: 'torus', diameter: inner + 2 * thickness, thickness }
        break
      }
      const diameter = orDefault(outer ?? loose(), sized(40), 'outer diameter')
      const thickness =
        inner !== undefined
          ? (diameter - inner) / 2
          : orDefault(pick('thickness', 'height') ?? loose(), diameter / 5, 'thickness', 'assumed (a fifth of the diameter)')
      if (inner !== undefined) assumptions.push(`ring thickness from the diameters: ${fmt(thickness)}`)
      shape = { kind: 'torus', diameter, thickness }
      break
    }
    case 'tube':
    case 'pipe':
    case 'washer':
    case 'spacer': {
      const metric = o.mSize !== null ? METRIC_WASHERS[o.mSize] : undefined
      if (o.mSize !== null && !metric)
        throw new GatewayError('INTENT_NOT_UNDERSTOOD', `No standard sizes known for M${o.mSize}`, {
          detail: { suggestions: ['an M3 washer', 'an M5 spacer 10 mm long', 'a washer 20 mm outer diameter with an 8 mm hole'] },
        })
      const isWasher = object === 'washer'
      let outer = pick('outer', 'diameter', 'radius', 'width', 'side') ?? loose()
      const wall = pick('wall')
      let inner = pick('inner', 'innerRadius')
      const h = pick('thickness', 'height', 'length', 'depth') ?? loose()
      if (metric) {
        if (inner === undefined) {
          inner = metric[0]
          assumptions.push(`M${o.mSize}: ${fmt(inner)} hole`)
        }
        if (outer === undefined) {
          outer = isWasher ? metric[1] : metric[0] * 2 + 2
          assumptions.push(`M${o.mSize}: ${fmt(outer)} outer diameter`)
        }
      }
      if (outer === undefined && inner !== undefined && wall !== undefined) outer = inner + 2 * wall
      const normalOuter = isWasher ? 20 : object === 'spacer' ? 12 : 20
      outer = orDefault(outer, inner !== undefined ? inner * 2 : normalOuter, 'outer diameter')
      if (inner === undefined) inner = wall !== undefined ? outer - 2 * wall : undefined
      inner = orDefault(
        inner,
        isWasher || object === 'spacer' ? outer / 2 : outer - 4,
        'inner diameter',
        isWasher || object === 'spacer' ? 'assumed (half the outer)' : 'assumed (2 mm wall)',
      )
      const normalHeight = isWasher ? (metric ? metric[2] : 2) : object === 'spacer' ? 10 : 50
      const height = orDefault(h, normalHeight, isWasher ? 'thickness' : 'length')
      if (inner >= outer)
        throw new GatewayError('INTENT_INVALID_DIMENSION', `The hole (${fmt(inner)}) must be smaller than the outer diameter (${fmt(outer)})`, {
          detail: { innerDiameter: inner, outerDiameter: outer, suggestions: ['a washer 20 mm outer diameter with an 8 mm hole'] },
        })
      shape = { kind: 'tube', outerDiameter: outer, innerDiameter: inner, height }
      break
    }
    case 'hex_prism': {
      const across = pick('acrossFlats', 'width', 'side')
      const corners = across === undefined ? pick('diameter', 'radius') : undefined
      const flats = orDefault(across ?? (corners !== undefined ? corners * Math.cos(Math.PI / 6) : loose()), sized(20), 'width across flats')
      if (corners !== undefined) assumptions.push(`diameter ${fmt(corners)} read as across corners: ${fmt(flats)} across flats`)
      shape = { kind: 'hex_prism', acrossFlats: flats, height: orDefault(pick('height', 'length', 'thickness') ?? loose(), 10, 'height') }
      break
    }
  }
  const left = pool.leftovers().filter((d) => d.role !== 'layer')
  if (left.length > 0) {
    throw new GatewayError('INTENT_AMBIGUOUS', `Could not tell what ${left.map((d) => `"${d.text}"`).join(', ')} ${left.length > 1 ? 'are' : 'is'} for`, {
      detail: { unused: left.map((d) => d.text), suggestions: [`name each size, e.g. "a cylinder 20 mm in diameter and 30 mm tall"`] },
    })
  }
  return { shape, assumptions, defaulted }
}
