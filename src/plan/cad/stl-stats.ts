// Measures a binary STL: triangle count, bounding box, enclosed volume and whether the mesh is closed.

export type Vec3 = [number, number, number]
export interface BoundingBox {
  min: Vec3
  max: Vec3
  size: Vec3
}
export interface StlStats {
  triangles: number
  boundingBox: BoundingBox
  volumeMm3: number
}

const HEADER_BYTES = 80
const TRIANGLE_BYTES = 50

function triangleCount(buf: Uint8Array): number {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const count = view.getUint32(HEADER_BYTES, true)
  if (buf.byteLength !== HEADER_BYTES + 4 + count * TRIANGLE_BYTES) throw new Error(`Not a binary STL: ${count} triangles but ${buf.byteLength} bytes`)
  return count
}

/** Calls `visit` with the three vertices of every triangle. */
export function forEachTriangle(buf: Uint8Array, visit: (a: Vec3, b: Vec3, c: Vec3) => void): number {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const count = triangleCount(buf)
  const read = (at: number): Vec3 => [view.getFloat32(at, true), view.getFloat32(at + 4, true), view.getFloat32(at + 8, true)]
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + 4 + i * TRIANGLE_BYTES + 12
    visit(read(at), read(at + 12), read(at + 24))
  }
  return count
}

/** Triangle count, bounding box and volume (sum of signed tetrahedra; positive for outward normals). */
export function measureStl(buf: Uint8Array): StlStats {
  const min: Vec3 = [Infinity, Infinity, Infinity]
  const max: Vec3 = [-Infinity, -Infinity, -Infinity]
  let sixVolume = 0
  const triangles = forEachTriangle(buf, (a, b, c) => {
    for (const p of [a, b, c])
      for (let k = 0; k < 3; k++) {
        if (p[k]! < min[k]!) min[k] = p[k]!
        if (p[k]! > max[k]!) max[k] = p[k]!
      }
    sixVolume += a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0])
  })
  const size: Vec3 = [max[0] - min[0], max[1] - min[1], max[2] - min[2]]
  return { triangles, boundingBox: { min, max, size }, volumeMm3: sixVolume / 6 }
}

/**
 * Edges not shared by exactly two triangles (0 for a closed, manifold mesh).
 * Vertices are matched by their exact float32 coordinates.
 */
export function countOpenEdges(buf: Uint8Array): number {
  const uses = new Map<string, number>()
  const key = (p: Vec3) => `${p[0]},${p[1]},${p[2]}`
  forEachTriangle(buf, (a, b, c) => {
    const ka = key(a),
      kb = key(b),
      kc = key(c)
    for (const [p, q] of [
      [ka, kb],
      [kb, kc],
      [kc, ka],
    ] as const) {
      const edge = p < q ? `${p}|${q}` : `${q}|${p}`
      uses.set(edge, (uses.get(edge) ?? 0) + 1)
    }
  })
  let open = 0
  for (const n of uses.values()) if (n !== 2) open++
  return open
}
