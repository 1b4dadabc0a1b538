// End to end with the real PrusaSlicer: request text → intent → STL → G-code whose extents match the request.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModel, findSlicer, parseIntent, profileForIntent, sliceModel } from '../../src/plan/index.js'

/** The quality profiles' first-layer extrusion width: G-code holds centre lines, the part's edge is half a width further out. */
const FIRST_LAYER_WIDTH = 0.42
const TOLERANCE_MM = 0.5

const dir = mkdtempSync(join(tmpdir(), 'printgate-e2e-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeAll(async () => {
  await findSlicer() // fails loudly with SLICER_NOT_FOUND and the apt-get hint when PrusaSlicer is missing
})

const cases = [
  { request: 'a 20 mm cube', profile: 'ender3_pla_standard', size: [20, 20, 20], bedCentre: [110, 110] },
  { request: 'a cylinder 30 mm in diameter and 10 mm tall in PETG', profile: 'prusa_mk3s', size: [30, 30, 10], bedCentre: [125, 105] },
  { request: 'a hex prism 20 mm across flats, 8 mm tall, draft', profile: 'ender3_abs', size: [20 / Math.cos(Math.PI / 6), 20, 8], bedCentre: [110, 110] },
]

describe('words to G-code with PrusaSlicer', () => {
  it.each(cases)('$request on $profile', async ({ request, profile, size, bedCentre }) => {
    const intent = parseIntent(request)
    const { printer, material, quality } = profileForIntent(intent, profile)
    const outDir = join(dir, profile)
    const model = await buildModel(intent, { outDir, printer, material })
    const sliced = await sliceModel({ stlPath: model.stlPath, outDir, printer, material, quality })
    const a = sliced.analysis
    expect(sliced.slicerVersion).toMatch(/^PrusaSlicer \d/)
    expect(a.source).toBe('slicer-metadata')
    expect(a.objectBoundingBox).not.toBeNull()
    const box = a.objectBoundingBox!
    expect(Math.abs(box.size[0] + FIRST_LAYER_WIDTH - size[0]!)).toBeLessThanOrEqual(TOLERANCE_MM)
    expect(Math.abs(box.size[1] + FIRST_LAYER_WIDTH - size[1]!)).toBeLessThanOrEqual(TOLERANCE_MM)
    expect(Math.abs(box.max[2] - size[2]!)).toBeLessThanOrEqual(TOLERANCE_MM)
    expect((box.min[0] + box.max[0]) / 2).toBeCloseTo(bedCentre[0]!, 0)
    expect((box.min[1] + box.max[1]) / 2).toBeCloseTo(bedCentre[1]!, 0)
    expect(a.layerCount).toBeGreaterThanOrEqual(Math.floor(size[2]! / quality.layerHeight) - 1)
    expect(a.layerHeights).toContain(quality.layerHeight)
    expect(a.checks).toMatchObject({ fitsBuildVolume: true, temperaturesWithinLimits: true, tooLongLines: [], problems: [] })
    expect(a.checks.maxHotendC).toBeGreaterThanOrEqual(material.hotendC)
    expect(a.checks.maxHotendC).toBeLessThanOrEqual(material.hotendC + 5)
    expect(a.estimatedSeconds).toBeGreaterThan(60)
    expect(a.filamentG).toBeGreaterThan(0)
  })

  it('slices copies of one part with --duplicate, arranged inside the bed', async () => {
    const intent = parseIntent('4 washers, 20 mm outer diameter, 8 mm hole, 2 mm thick')
    const { printer, material, quality } = profileForIntent(intent, 'ender3')
    const outDir = join(dir, 'washers')
    const model = await buildModel(intent, { outDir, printer, material })
    const sliced = await sliceModel({ stlPath: model.partStlPath, duplicate: model.count, outDir, printer, material, quality })
    const box = sliced.analysis.objectBoundingBox!
    // two by two, 5 mm apart: 45 mm square less the first layer's width
    expect(Math.abs(box.size[0] + FIRST_LAYER_WIDTH - 45)).toBeLessThanOrEqual(TOLERANCE_MM)
    expect(Math.abs(box.size[1] + FIRST_LAYER_WIDTH - 45)).toBeLessThanOrEqual(TOLERANCE_MM)
    expect(Math.abs(box.max[2] - 2)).toBeLessThanOrEqual(TOLERANCE_MM)
    expect(sliced.analysis.checks.problems).toEqual([])
  })

  it('refuses a model larger than the printer before slicing', async () => {
    const intent = parseIntent('a 230 mm cube')
    const { printer } = profileForIntent(intent, 'ender3')
    await expect(buildModel(intent, { outDir: join(dir, 'big'), printer })).rejects.toMatchObject({ code: 'MODEL_TOO_LARGE' })
  })
})
