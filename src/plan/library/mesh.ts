// Turns jscad solids into exact triangle meshes: vertices welded, T-junctions left by the booleans split, so every edge has two faces.

import jscad from './jscad.js'
import type { Geom3 } from './types.js'

type P3 = [number, number, number]
const WELD = 1e-5
/** How far from an edge a vertex may lie and still be a T-junction on it (the booleans leave errors of ~1e-5 mm). */
const ON_EDGE = 1e-4

/** Triangles (as vertex index triples) over welded vertices, with T-junctions repaired. */
export interface Mesh {
  vertices: P3[]
  triangles: Array<[number, number, number]>
}

export function toMesh(...solids: Geom3[]): Mesh {
  const vertices: P3[] = []
  const ids = new Map<string, number>()
  /** Reuses any vertex within WELD (looking in the neighbouring grid cells too, so a cell border never splits a vertex). */
  const id = (p: P3): number => {
    const c = p.map((x) => Math.round(x / WELD)) as P3
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++) {
          const near = ids.get(`${c[0] + dx},${c[1] + dy},${c[2] + dz}`)
          if (
            near !== undefined &&
            Math.abs(vertices[near]![0] - p[0]) <= WELD &&
            Math.abs(vertices[near]![1] - p[1]) <= WELD &&
            Math.abs(vertices[near]![2] - p[2]) <= WELD
          )
            return near
        }
    const i = vertices.length
    vertices.push([p[0], p[1], p[2]])
    ids.set(`${c[0]},${c[1]},${c[2]}`, i)
    return i
  }
  let polygons: number[][] = []
  for (const s of solids)
    for (const poly of jscad.geometries.geom3.toPolygons(s)) {
      const ring = poly.vertices.map((v) => id(v as P3)).filter((v, i, a) => v !== a[(i + 1) % a.length])
      if (ring.length >= 3) polygons.push(ring)
    }
  for (let pass = 0; pass < 6; pass++) {
    const unmatched = unmatchedEdges(polygons)
    if (unmatched.size === 0) break
    polygons = polygons.map((ring) => splitEdges(ring, vertices, unmatched))
  }
  const triangles: Array<[number, number, number]> = []
  for (const ring of polygons) {
    if (hasStraightRun(ring, vertices)) {
      // A fan from a corner would make zero-area triangles along a split edge; a fan from the centre never does.
      const c = vertices.length
      vertices.push([0, 1, 2].map((k) => ring.reduce((sum, v) => sum + vertices[v]![k]!, 0) / ring.length) as P3)
      for (let i = 0; i < ring.length; i++) triangles.push([c, ring[i]!, ring[(i + 1) % ring.length]!])
    } else for (let i = 1; i + 1 < ring.length; i++) triangles.push([ring[0]!, ring[i]!, ring[i + 1]!])
  }
  return { vertices, triangles: withoutFacingPairs(triangles) }
}

/** Three consecutive vertices on one line (where a T-junction vertex was inserted). */
function hasStraightRun(ring: number[], vertices: P3[]): boolean {
  for (let i = 0; i < ring.length; i++) {
    const a = vertices[ring[i]!]!,
      b = vertices[ring[(i + 1) % ring.length]!]!,
      c = vertices[ring[(i + 2) % ring.length]!]!
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
      v = [c[0] - b[0], c[1] - b[1], c[2] - b[2]]
    const cross = Math.hypot(u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!)
    if (cross <= 1e-9 * Math.hypot(...u) * Math.hypot(...v) + 1e-12) return true
  }
  return false
}

const edgeKey = (a: number, b: number) => `${a}>${b}`

/** Drops pairs of identical triangles facing opposite ways: zero-thickness sheets the booleans leave inside a union. */
function withoutFacingPairs(triangles: Array<[number, number, number]>): Array<[number, number, number]> {
  const canonical = (t: [number, number, number]) => {
    const i = t.indexOf(Math.min(...t))
    return `${t[i]},${t[(i + 1) % 3]},${t[(i + 2) % 3]}`
  }
  const count = new Map<string, number>()
  for (const t of triangles) count.set(canonical(t), (count.get(canonical(t)) ?? 0) + 1)
  const drop = new Map<string, number>()
  for (const t of triangles) {
    const k = canonical(t),
      r = canonical([t[0], t[2], t[1]])
    const pairs = Math.min(count.get(k) ?? 0, count.get(r) ?? 0)
    if (pairs > 0) drop.set(k, pairs)
  }
  return triangles.filter((t) => {
    const k = canonical(t),
      left = drop.get(k) ?? 0
    if (left === 0) return true
    drop.set(k, left - 1)
    return false
  })
}

/** Directed edges whose reverse is not used as often as they are. */
function unmatchedEdges(polygons: number[][]): Set<string> {
  const count = new Map<string, number>()
  for (const ring of polygons)
    for (let i = 0; i < ring.length; i++) {
      const k = edgeKey(ring[i]!, ring[(i + 1) % ring.length]!)
      count.set(k, (count.get(k) ?? 0) + 1)
    }
  const out = new Set<string>()
  for (const [k, n] of count) {
    const [a, b] = k.split('>')
    if ((count.get(`${b}>${a}`) ?? 0) !== n) out.add(k)
  }
  return out
}

/** Inserts into each unmatched edge of `ring` the vertices lying on it. */
function splitEdges(ring: number[], vertices: P3[], unmatched: Set<string>): number[] {
  const out: number[] = []
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!,
      b = ring[(i + 1) % ring.length]!
    out.push(a)
    if (!unmatched.has(edgeKey(a, b))) continue
    const A = vertices[a]!,
      B = vertices[b]!
    const d: P3 = [B[0] - A[0], B[1] - A[1], B[2] - A[2]]
    const len2 = d[0] ** 2 + d[1] ** 2 + d[2] ** 2
    const lo: P3 = [Math.min(A[0], B[0]) - WELD, Math.min(A[1], B[1]) - WELD, Math.min(A[2], B[2]) - WELD]
    const hi: P3 = [Math.max(A[0], B[0]) + WELD, Math.max(A[1], B[1]) + WELD, Math.max(A[2], B[2]) + WELD]
    const on: Array<[number, number]> = []
    for (let v = 0; v < vertices.length; v++) {
      if (v === a || v === b) continue
      const P = vertices[v]!
      if (P[0] < lo[0] || P[0] > hi[0] || P[1] < lo[1] || P[1] > hi[1] || P[2] < lo[2] || P[2] > hi[2]) continue
      const t = ((P[0] - A[0]) * d[0] + (P[1] - A[1]) * d[1] + (P[2] - A[2]) * d[2]) / len2
      if (t <= 1e-9 || t >= 1 - 1e-9) continue
      const dist2 = (A[0] + t * d[0] - P[0]) ** 2 + (A[1] + t * d[1] - P[1]) ** 2 + (A[2] + t * d[2] - P[2]) ** 2
      if (dist2 < ON_EDGE ** 2) on.push([t, v])
    }
    on.sort((x, y) => x[0] - y[0])
    for (const [, v] of on) out.push(v)
  }
  return out
}

/** Binary STL of a mesh (what the STL tools and PrusaSlicer read). */
export function meshToStl(mesh: Mesh): Buffer {
  const buf = Buffer.alloc(84 + 50 * mesh.triangles.length)
  buf.write('printgate object library', 0, 'ascii')
  buf.writeUInt32LE(mesh.triangles.length, 80)
  let at = 84
  for (const t of mesh.triangles) {
    const [a, b, c] = t.map((i) => mesh.vertices[i]!) as [P3, P3, P3]
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
      v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]]
    const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!]
    const len = Math.hypot(n[0]!, n[1]!, n[2]!) || 1
    for (const x of n) {
      buf.writeFloatLE(x / len, at)
      at += 4
    }
    for (const p of [a, b, c])
      for (const x of p) {
        buf.writeFloatLE(x, at)
        at += 4
      }
    at += 2
  }
  return buf
}
