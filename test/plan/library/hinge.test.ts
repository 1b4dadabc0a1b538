// The print-in-place hinge turns: its leaves are apart as printed, stay apart folded to 90° and 180°, and are held by the cones.

import { describe, expect, it } from 'vitest'
import { understand } from '../../../src/plan/index.js'
import { hingeLeaves } from '../../../src/plan/families/hinge.js'
import jscad from '../../../src/plan/library/jscad.js'
import type { Geom3, Params } from '../../../src/plan/library/types.js'

const { booleans, measurements, transforms } = jscad

function leavesOf(request: string): { a: Geom3; b: Geom3; axisZ: number } {
  const u = understand(request)
  if (!u.ok) throw new Error(u.reason)
  const p: Params = Object.fromEntries(Object.entries(u.intent.params).map(([k, v]) => [k, v.value]))
  const [a, b] = hingeLeaves(p, { clearance: u.intent.fit.clearanceMm, holeCompensation: u.intent.fit.holeCompensationMm })
  return { a, b, axisZ: Number(p.knuckle) / 2 }
}

const overlap = (a: Geom3, b: Geom3) => measurements.measureVolume(booleans.intersect(a, b))
const turn = (g: Geom3, deg: number, z: number) =>
  transforms.translate([0, 0, z], transforms.rotateX((deg * Math.PI) / 180, transforms.translate([0, 0, -z], g)))

describe('print-in-place hinge', () => {
  it.each(['a hinge 40 mm long', 'a hinge 60 mm long with 5 knuckles and 4 screw holes for M4 screws'])(
    '"%s": the leaves never touch from open flat to folded shut',
    (request) => {
      const { a, b, axisZ } = leavesOf(request)
      for (const deg of [0, 45, 90, 135, 180]) expect(overlap(a, turn(b, deg, axisZ)), `${deg}°`).toBeLessThan(1e-3)
    },
  )

  it('the cones hold the leaves together: pulled 1 mm apart, or moved 1 mm along the axis, they collide', () => {
    const { a, b } = leavesOf('a hinge 40 mm long')
    expect(overlap(a, transforms.translate([0, 1, 0], b))).toBeGreaterThan(0.5)
    expect(overlap(a, transforms.translate([1, 0, 0], b))).toBeGreaterThan(0.5)
    expect(overlap(a, transforms.translate([-1, 0, 0], b))).toBeGreaterThan(0.5)
  })

  it('the gap between the moving parts is the fit clearance on both parts', () => {
    const tight = leavesOf('a hinge 40 mm long')
    // moved by less than the gap (2 × 0.2 mm) along the axis, the knuckles do not meet
    expect(overlap(tight.a, transforms.translate([0.3, 0, 0], tight.b))).toBeLessThan(1e-3)
    expect(overlap(tight.a, transforms.translate([0.5, 0, 0], tight.b))).toBeGreaterThan(0)
  })
})
