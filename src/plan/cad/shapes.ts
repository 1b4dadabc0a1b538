// Builds one part as @jscad/modeling geometry: standing on z = 0, centred on the origin in X and Y.

import jscad from '../library/jscad.js'
import type Jscad from '@jscad/modeling'
import type { Shape } from '../intent/schema.js'

const { primitives, booleans, extrusions, transforms } = jscad
type Geom3 = Jscad.geometries.geom3.Geom3

/** Facets for a circle: about 0.5 mm chords, between 48 and 128 (volume within 0.3 % of the true circle). */
export function circleSegments(diameter: number): number {
  return Math.min(128, Math.max(48, Math.round((Math.PI * diameter) / 0.5 / 4) * 4))
}

function solid(shape: Shape): Geom3 {
  switch (shape.kind) {
    case 'box':
      return primitives.cuboid({ size: [shape.width, shape.depth, shape.height], center: [0, 0, shape.height / 2] })
    case 'cylinder':
      return primitives.cylinder({
        radius: shape.diameter / 2,
        height: shape.height,
        center: [0, 0, shape.height / 2],
        segments: circleSegments(shape.diameter),
      })
    case 'sphere':
      return primitives.sphere({ radius: shape.diameter / 2, center: [0, 0, shape.diameter / 2], segments: 64 })
    case 'cone':
      return primitives.cylinderElliptic({
        height: shape.height,
        startRadius: [shape.diameter / 2, shape.diameter / 2],
        endRadius: [0, 0],
        center: [0, 0, shape.height / 2],
        segments: circleSegments(shape.diameter),
      })
    case 'pyramid': {
      const b = shape.base / 2
      return primitives.polyhedron({
        points: [
          [-b, -b, 0],
          [b, -b, 0],
          [b, b, 0],
          [-b, b, 0],
          [0, 0, shape.height],
        ],
        faces: [
          [3, 2, 1, 0],
          [0, 1, 4],
          [1, 2, 4],
          [2, 3, 4],
          [3, 0, 4],
        ],
      })
    }
    case 'torus': {
      const tube = shape.thickness / 2
      const torus = primitives.torus({
        innerRadius: tube,
        outerRadius: shape.diameter / 2 - tube,
        innerSegments: 48,
        outerSegments: circleSegments(shape.diameter),
      })
      return transforms.translate([0, 0, tube], torus)
    }
    case 'tube': {
      // A 2D ring extruded: the boolean happens in the plane, so the walls meet the caps without T-junctions.
      const segments = circleSegments(shape.outerDiameter)
      const ring = booleans.subtract(
        primitives.circle({ radius: shape.outerDiameter / 2, segments }),
        primitives.circle({ radius: shape.innerDiameter / 2, segments }),
      )
      return extrusions.extrudeLinear({ height: shape.height }, ring)
    }
    case 'hex_prism': {
      const corners = shape.acrossFlats / Math.cos(Math.PI / 6)
      return primitives.cylinder({ radius: corners / 2, height: shape.height, center: [0, 0, shape.height / 2], segments: 6 })
    }
  }
}

/** The inner void of a hollow part: the same shape shrunk by the wall on every side. */
function innerVoid(shape: Shape, wall: number): Geom3 {
  switch (shape.kind) {
    case 'box':
      return primitives.cuboid({ size: [shape.width - 2 * wall, shape.depth - 2 * wall, shape.height - 2 * wall], center: [0, 0, shape.height / 2] })
    case 'cylinder':
      return primitives.cylinder({
        radius: shape.diameter / 2 - wall,
        height: shape.height - 2 * wall,
        center: [0, 0, shape.height / 2],
        segments: circleSegments(shape.diameter),
      })
    case 'sphere':
      return primitives.sphere({ radius: shape.diameter / 2 - wall, center: [0, 0, shape.diameter / 2], segments: 64 })
    default:
      throw new Error(`A hollow ${shape.kind} is not supported`)
  }
}

/** One part; `hollowWall` > 0 leaves a closed void inside (a second, inward-facing shell). */
export function buildPart(shape: Shape, hollowWall: number | null): Geom3 {
  const outer = solid(shape)
  return hollowWall ? booleans.subtract(outer, innerVoid(shape, hollowWall)) : outer
}

/** Analytic volume of one part in mm³ (what the faceted mesh approximates). */
export function analyticVolume(shape: Shape, hollowWall: number | null): number {
  const pi = Math.PI
  const full = (s: Shape): number => {
    switch (s.kind) {
      case 'box':
        return s.width * s.depth * s.height
      case 'cylinder':
        return (pi * s.diameter ** 2 * s.height) / 4
      case 'sphere':
        return (pi * s.diameter ** 3) / 6
      case 'cone':
        return (pi * s.diameter ** 2 * s.height) / 12
      case 'pyramid':
        return (s.base ** 2 * s.height) / 3
      case 'torus':
        return 2 * pi ** 2 * (s.diameter / 2 - s.thickness / 2) * (s.thickness / 2) ** 2
      case 'tube':
        return (pi * (s.outerDiameter ** 2 - s.innerDiameter ** 2) * s.height) / 4
      case 'hex_prism':
        return (Math.sqrt(3) / 2) * s.acrossFlats ** 2 * s.height
    }
  }
  if (!hollowWall) return full(shape)
  const w = hollowWall
  switch (shape.kind) {
    case 'box':
      return full(shape) - full({ ...shape, width: shape.width - 2 * w, depth: shape.depth - 2 * w, height: shape.height - 2 * w })
    case 'cylinder':
      return full(shape) - full({ ...shape, diameter: shape.diameter - 2 * w, height: shape.height - 2 * w })
    case 'sphere':
      return full(shape) - full({ ...shape, diameter: shape.diameter - 2 * w })
    default:
      return full(shape)
  }
}
