// Every family's default build from its first example: closed manifold, flat on the bed, size and volume as asked, no unsupported overhang.

import { describe, expect, it } from 'vitest'
import { countOpenEdges, measureStl } from '../../../src/plan/cad/stl-stats.js'
import { families, understand } from '../../../src/plan/index.js'
import { buildParts, checkPrintable, toStl } from '../../../src/plan/library/build-plate.js'
import { forEachTriangle } from '../../../src/plan/cad/stl-stats.js'
import type { Params } from '../../../src/plan/library/types.js'

const within = (actual: number, expected: number, percent: number) => Math.abs(actual / expected - 1) * 100 <= percent

/** Area of the faces lying on z = 0: a part stands on the bed, not on an edge or a point. */
function bedContactMm2(stl: Uint8Array): number {
  let area = 0
  forEachTriangle(stl, (a, b, c) => {
    if (Math.max(Math.abs(a[2]), Math.abs(b[2]), Math.abs(c[2])) > 1e-4) return
    area += Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2
  })
  return area
}

describe.each(families.map((f) => [f.id, f] as const))('%s', (_id, family) => {
  for (const example of family.examples.slice(0, 2)) {
    it(`"${example}" builds printable`, () => {
      const u = understand(example)
      if (!u.ok) throw new Error(`${example}: ${u.reason}`)
      expect(u.intent.family).toBe(family.id)
      const params: Params = Object.fromEntries(Object.entries(u.intent.params).map(([k, v]) => [k, v.value]))
      const ctx = { clearance: u.intent.fit.clearanceMm, holeCompensation: u.intent.fit.holeCompensationMm }
      const parts = buildParts(family.id, params, ctx)
      expect(parts.length).toBeGreaterThan(0)
      const expected = family.expect(params, ctx)
      let volume = 0
      for (const [i, part] of parts.entries()) {
        const stl = toStl(part.solid)
        expect(countOpenEdges(stl), `${part.name}: open edges`).toBe(0)
        const stats = measureStl(stl)
        expect(stats.volumeMm3, `${part.name}: outward normals`).toBeGreaterThan(0)
        expect(Math.abs(stats.boundingBox.min[2]), `${part.name} stands on z = 0`).toBeLessThan(1e-4)
        expect(bedContactMm2(stl), `${part.name} rests on a face`).toBeGreaterThan(3)
        volume += stats.volumeMm3
        if (i === 0) {
          expected.size.forEach((s, k) => {
            if (s !== null) expect(within(stats.boundingBox.size[k]!, s, 1.5), `${part.name} size[${k}] ${stats.boundingBox.size[k]} vs ${s}`).toBe(true)
          })
        }
      }
      const expectedVolume = expected.volume // a getter for some families: computed once
      if (expectedVolume !== null)
        expect(within(volume, expectedVolume, expected.volumeTolerancePercent ?? 1.5), `volume ${volume.toFixed(0)} vs ${expectedVolume.toFixed(0)} mm³`).toBe(
          true,
        )
      expect(() => checkPrintable(family.id, params, parts)).not.toThrow()
    })
  }
})
