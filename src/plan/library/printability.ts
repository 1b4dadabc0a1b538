// Checks a built plate is printable without supports: every downward face within the overhang angle, or in a declared bridge.

import { forEachTriangle, type Vec3 } from '../cad/stl-stats.js'
import type { BridgeZone } from './types.js'

/** Steepest overhang (from vertical) the shipped profiles print without supports. */
export const MAX_OVERHANG_DEG = 50

export interface OverhangReport {
  faces: number
  areaMm2: number
  worstDeg: number
  at: Vec3 | null
}

const inside = (p: Vec3, z: BridgeZone) => p.every((v, k) => v >= z.min[k]! - 1e-3 && v <= z.max[k]! + 1e-3)

/** Downward faces steeper than `maxDeg` from vertical that are not on the bed and not inside a bridge zone. */
export function unsupportedOverhangs(stl: Uint8Array, maxDeg = MAX_OVERHANG_DEG, bridges: BridgeZone[] = []): OverhangReport {
  let minZ = Infinity
  forEachTriangle(stl, (a, b, c) => {
    minZ = Math.min(minZ, a[2], b[2], c[2])
  })
  const limit = Math.sin((maxDeg * Math.PI) / 180)
  const report: OverhangReport = { faces: 0, areaMm2: 0, worstDeg: 0, at: null }
  forEachTriangle(stl, (a, b, c) => {
    const u: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]]
    const v: Vec3 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]]
    const n: Vec3 = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
    const len = Math.hypot(...n)
    if (len < 2e-3) return // slivers (< 0.001 mm²) left by T-junction splits have no printable area and a meaningless normal
    const nz = n[2] / len
    if (-nz <= limit + 1e-6) return
    if (Math.max(a[2], b[2], c[2]) - minZ < 1e-3) return
    const centre: Vec3 = [(a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3, (a[2] + b[2] + c[2]) / 3]
    if (bridges.some((z) => inside(centre, z))) return
    report.faces++
    report.areaMm2 += len / 2
    const deg = (Math.asin(Math.min(1, -nz)) * 180) / Math.PI
    if (deg > report.worstDeg) {
      report.worstDeg = deg
      report.at = centre
    }
  })
  return report
}
