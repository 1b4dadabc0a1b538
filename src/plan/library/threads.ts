// Threaded solids built as one closed mesh each (no booleans): a hex nut with an internal thread, a hex bolt with an external one.
// The thread has the ISO pitch and diameter but 45° flanks (90° included), so no face overhangs more than 45°.

import jscad from './jscad.js'
import type { Geom3 } from './types.js'

type P = [number, number, number]
const SEGMENTS = 72
const CREST = 1 / 8
const FLANK = 3 / 8

/** Radial depth of a 45° thread of this pitch. */
export const threadDepth = (pitch: number) => FLANK * pitch

/** 0 at the crest (largest radius), 1 at the root, along the helix. */
function groove(z: number, theta: number, pitch: number): number {
  const u = ((((z - (pitch * theta) / (2 * Math.PI)) / pitch) % 1) + 1) % 1
  if (u < CREST) return 0
  if (u < CREST + FLANK) return (u - CREST) / FLANK
  if (u < 2 * CREST + FLANK) return 1
  return 1 - (u - 2 * CREST - FLANK) / FLANK
}

const angle = (j: number) => (2 * Math.PI * j) / SEGMENTS
const at = (r: number, j: number, z: number): P => [r * Math.cos(angle(j)), r * Math.sin(angle(j)), z]
/** Radius of a hexagon (corners on the X axis) at sample j. */
const hexRadius = (acrossFlats: number, j: number) => acrossFlats / 2 / Math.cos((angle(j) % (Math.PI / 3)) - Math.PI / 6)

function rows(z0: number, z1: number, pitch: number): number[] {
  const n = Math.max(2, Math.ceil((z1 - z0) / (pitch / 12)))
  return Array.from({ length: n + 1 }, (_, i) => z0 + ((z1 - z0) * i) / n)
}

function solid(polygons: P[][]): Geom3 {
  const g = jscad.geometries.geom3.create(polygons.map((pts) => jscad.geometries.poly3.create(pts)))
  return jscad.measurements.measureVolume(g) < 0 ? jscad.geometries.geom3.invert(g) : g
}

/** Quads between two rings of equal length, split into triangles; `flip` reverses the winding. */
function band(a: P[], b: P[], flip: boolean, out: P[][]): void {
  for (let j = 0; j < SEGMENTS; j++) {
    const k = (j + 1) % SEGMENTS
    const t1: P[] = [a[j]!, a[k]!, b[k]!],
      t2: P[] = [a[j]!, b[k]!, b[j]!]
    out.push(flip ? t1.reverse() : t1, flip ? t2.reverse() : t2)
  }
}

/** The nut hole's radius at height z and angle theta: the thread, widened to a 45° entry chamfer at both ends. */
export function nutHoleRadius(z: number, theta: number, height: number, major: number, pitch: number): number {
  const h = threadDepth(pitch),
    R = major / 2
  return Math.max(R - h * groove(z, theta, pitch), R - h + Math.max(0, h - z), R - h + Math.max(0, z - (height - h)))
}

/** The bolt shank's radius at height z (from the bed) and angle theta: the thread, chamfered 45° at the tip. */
export function boltRadius(z: number, theta: number, top: number, major: number, pitch: number, threaded: boolean): number {
  const h = threadDepth(pitch),
    R = major / 2
  return Math.min(threaded ? R - h * groove(z, theta, pitch) : R, R - Math.max(0, z - (top - h)))
}

/** ∫∫ r(z, θ)²/2 dθ dz by the midpoint rule on a fine grid: the volume a radius function encloses, independent of the mesh. */
export function revolvedVolume(radius: (z: number, theta: number) => number, z0: number, z1: number, steps = 2000, angles = 360): number {
  let v = 0
  const dz = (z1 - z0) / steps,
    dt = (2 * Math.PI) / angles
  for (let i = 0; i < steps; i++) for (let j = 0; j < angles; j++) v += (radius(z0 + (i + 0.5) * dz, (j + 0.5) * dt) ** 2 / 2) * dt * dz
  return v
}

/** A hex nut `height` tall whose hole carries an internal thread of major diameter `major` (already including clearance). */
export function threadedNut(acrossFlats: number, height: number, major: number, pitch: number): Geom3 {
  const radius = (z: number, j: number) => nutHoleRadius(z, angle(j), height, major, pitch)
  const zs = rows(0, height, pitch)
  const inner = zs.map((z) => Array.from({ length: SEGMENTS }, (_, j) => at(radius(z, j), j, z)))
  const hex = (z: number) => Array.from({ length: SEGMENTS }, (_, j) => at(hexRadius(acrossFlats, j), j, z))
  const out: P[][] = []
  const bottom = hex(0),
    top = hex(height)
  band(bottom, top, false, out)
  band(bottom, inner[0]!, true, out)
  band(top, inner[inner.length - 1]!, false, out)
  for (let i = 0; i + 1 < inner.length; i++) band(inner[i]!, inner[i + 1]!, true, out)
  return solid(out)
}

/** A hex-head bolt: head `headHeight` tall on the bed, then a shank `length` long with an external thread (or plain). */
export function threadedBolt(acrossFlats: number, headHeight: number, major: number, length: number, pitch: number, threaded: boolean): Geom3 {
  const top = headHeight + length
  const radius = (z: number, j: number) => boltRadius(z, angle(j), top, major, pitch, threaded)
  const zs = rows(headHeight, top, threaded ? pitch : length / 2)
  const shank = zs.map((z) => Array.from({ length: SEGMENTS }, (_, j) => at(radius(z, j), j, z)))
  const hex = (z: number) => Array.from({ length: SEGMENTS }, (_, j) => at(hexRadius(acrossFlats, j), j, z))
  const out: P[][] = []
  const base = hex(0),
    shoulder = hex(headHeight)
  band(base, shoulder, false, out)
  const centreBottom: P = [0, 0, 0],
    centreTop: P = [0, 0, top]
  for (let j = 0; j < SEGMENTS; j++) out.push([centreBottom, base[(j + 1) % SEGMENTS]!, base[j]!])
  band(shoulder, shank[0]!, false, out)
  for (let i = 0; i + 1 < shank.length; i++) band(shank[i]!, shank[i + 1]!, false, out)
  const last = shank[shank.length - 1]!
  for (let j = 0; j < SEGMENTS; j++) out.push([centreTop, last[j]!, last[(j + 1) % SEGMENTS]!])
  return solid(out)
}
