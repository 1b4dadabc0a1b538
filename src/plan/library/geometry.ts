// Shared geometry for the families: 2D profiles (circles, rounded rectangles, holes, teardrops, text) and their extrusion.

import jscad from './jscad.js'
import { circleSegments } from '../cad/shapes.js'
import type { BuildContext, Geom2, Geom3 } from './types.js'

const { primitives, booleans, extrusions, transforms, measurements, text, expansions, hulls } = jscad

export const union2 = (...g: Geom2[]): Geom2 => (g.length === 1 ? g[0]! : booleans.union(...g))
export const subtract2 = (a: Geom2, ...holes: Geom2[]): Geom2 => (holes.length === 0 ? a : booleans.subtract(a, ...holes))
export const union3 = (...g: Geom3[]): Geom3 => (g.length === 1 ? g[0]! : booleans.union(...g))
export const subtract3 = (a: Geom3, ...holes: Geom3[]): Geom3 => (holes.length === 0 ? a : booleans.subtract(a, ...holes))

export function circle(d: number, center: [number, number] = [0, 0], segments = circleSegments(d)): Geom2 {
  return primitives.circle({ radius: d / 2, center, segments })
}

/** A hole of nominal diameter `d`, widened by the printer's hole compensation. */
export function hole(d: number, ctx: BuildContext, center: [number, number] = [0, 0]): Geom2 {
  return circle(d + ctx.holeCompensation, center)
}

export function rect(w: number, d: number, center: [number, number] = [0, 0]): Geom2 {
  return primitives.rectangle({ size: [w, d], center })
}

export function roundedRect(w: number, d: number, r: number, center: [number, number] = [0, 0]): Geom2 {
  const radius = Math.min(r, w / 2 - 0.01, d / 2 - 0.01)
  return radius <= 0.05 ? rect(w, d, center) : primitives.roundedRectangle({ size: [w, d], roundRadius: radius, center, segments: 32 })
}

export function polygon(points: Array<[number, number]>): Geom2 {
  return primitives.polygon({ points })
}

/** A hole whose top is a 45° point: in a vertical wall it prints without support. `up` is +Y of the profile. */
export function teardrop(d: number, ctx: BuildContext, center: [number, number] = [0, 0]): Geom2 {
  const r = (d + ctx.holeCompensation) / 2
  const tip = r * Math.SQRT2
  const c = circle(2 * r, [0, 0])
  const cap = polygon([
    [-r / Math.SQRT2, r / Math.SQRT2],
    [r / Math.SQRT2, r / Math.SQRT2],
    [0, tip],
  ])
  return transforms.translate([center[0], center[1], 0], union2(c, cap))
}

/** Area of a teardrop of diameter d (a circle and the two 45° tangents meeting above it). */
export const teardropArea = (d: number): number => (0.75 * Math.PI + 1) * (d / 2) ** 2

/** Extrudes a profile from z0 to z0 + h. */
export function extrude(profile: Geom2, h: number, z0 = 0): Geom3 {
  const solid = extrusions.extrudeLinear({ height: h }, profile)
  return z0 === 0 ? solid : transforms.translate([0, 0, z0], solid)
}

/** A profile drawn in X (across) and Y (up), stood up: Y becomes Z and the profile is extruded `width` along Y, centred. */
export function extrudeSide(profile: Geom2, width: number): Geom3 {
  const solid = extrusions.extrudeLinear({ height: width }, profile)
  return transforms.translate([0, width / 2, 0], transforms.rotateX(Math.PI / 2, solid))
}

export function cylinder(d: number, h: number, z0 = 0, center: [number, number] = [0, 0]): Geom3 {
  return extrude(circle(d, center), h, z0)
}

export function box(w: number, d: number, h: number, z0 = 0, center: [number, number] = [0, 0]): Geom3 {
  return extrude(rect(w, d, center), h, z0)
}

export const area = (g: Geom2): number => measurements.measureArea(g)

/** Text as a filled 2D outline from jscad's vector font: strokes thickened to `stroke`, capitals `height` tall (plus the stroke), centred. */
export function textOutline(words: string, height: number, stroke = textStroke(height)): Geom2 {
  const strokes: Geom2[] = []
  for (const pts of textLines(words, height)) {
    for (let i = 0; i + 1 < pts.length; i++) {
      const [a, b] = [pts[i]!, pts[i + 1]!]
      strokes.push(
        hulls.hull(primitives.circle({ radius: stroke / 2, center: a, segments: 12 }), primitives.circle({ radius: stroke / 2, center: b, segments: 12 })),
      )
    }
    if (pts.length === 1) strokes.push(primitives.circle({ radius: stroke / 2, center: pts[0]!, segments: 12 }))
  }
  if (strokes.length === 0) throw new Error('The text has no printable letters')
  const outline = booleans.union(...strokes)
  const [min, max] = measurements.measureBoundingBox(outline)
  return transforms.translate([-(min[0] + max[0]) / 2, -(min[1] + max[1]) / 2, 0], outline)
}

const textStroke = (height: number) => Math.max(0.8, height * 0.15)

/** The font's polylines with capitals `height` tall. */
function textLines(words: string, height: number): Array<Array<[number, number]>> {
  // the Hershey simplex capitals are 21 units tall at jscad's font height 14 (vectorText scales by height / 14)
  const scale = height / 21
  return text
    .vectorText({ height: 14, align: 'center', lineSpacing: 1.4 }, words)
    .map((line) => line.map(([x, y]) => [x * scale, y * scale] as [number, number]))
}

/** textOutline's size without building it: the polylines' extent plus the stroke (its 12-gon caps reach exactly r along X and Y). */
export function textSize(words: string, height: number): [number, number] {
  const pts = textLines(words, height).flat()
  if (pts.length === 0) throw new Error('The text has no printable letters')
  const xs = pts.map((p) => p[0]),
    ys = pts.map((p) => p[1])
  const s = textStroke(height)
  return [Math.max(...xs) - Math.min(...xs) + s, Math.max(...ys) - Math.min(...ys) + s]
}

export function size2(g: Geom2): [number, number] {
  const [min, max] = measurements.measureBoundingBox(g)
  return [max[0] - min[0], max[1] - min[1]]
}

export { expansions, transforms, booleans, primitives, extrusions, measurements }

/** A horizontal hole along X or Y through `length` mm, centred at `at`, its top a 45° teardrop point so it prints unsupported. */
export function horizontalHole(d: number, ctx: BuildContext, axis: 'x' | 'y', length: number, at: [number, number, number]): Geom3 {
  const pointUp = transforms.rotateX(Math.PI / 2, extrude(teardrop(d, ctx), length, -length / 2))
  const placed = axis === 'x' ? transforms.rotateZ(Math.PI / 2, pointUp) : pointUp
  return transforms.translate(at, placed)
}

/** A frustum (cone cut flat) from diameter `d0` at z0 to `d1` at z0 + h. */
export function frustum(d0: number, d1: number, h: number, z0 = 0, s = circleSegments(Math.max(d0, d1))): Geom3 {
  return primitives.cylinderElliptic({ height: h, startRadius: [d0 / 2, d0 / 2], endRadius: [d1 / 2, d1 / 2], center: [0, 0, z0 + h / 2], segments: s })
}

export const frustumVolume = (d0: number, d1: number, h: number): number => (Math.PI * h * (d0 * d0 + d0 * d1 + d1 * d1)) / 12

/** A regular polygon's area from its circumradius (what jscad's faceted circles enclose). */
export const facetedCircleArea = (d: number, segments = circleSegments(d)): number => (segments / 2) * (d / 2) ** 2 * Math.sin((2 * Math.PI) / segments)
