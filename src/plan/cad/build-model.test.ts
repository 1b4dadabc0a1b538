// Builds every shape for real (in the worker) and checks the STL is closed, sized and of the analytic volume.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findPrinterModel } from '../catalogue.js'
import { parseRequest as parseIntent } from '../library/understand.js'
import { buildModel } from './build-model.js'
import { analyticVolume, partSize } from './index.js'
import { countOpenEdges, measureStl } from './stl-stats.js'

const printer = findPrinterModel('ender3')!
const dir = mkdtempSync(join(tmpdir(), 'printgate-cad-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const requests = [
  'a 20 mm cube',
  'a 30 x 20 x 10 mm box',
  'a cylinder 25 mm in diameter and 12 mm tall',
  'a sphere 30 mm in diameter',
  'a cone with a 30 mm base, 25 mm tall',
  'a pyramid with a 40 mm base, 30 mm high',
  'a torus 40 mm across, 10 mm thick',
  'a tube 20 mm outer diameter, 2 mm wall, 30 mm long',
  'a washer 24 mm outer diameter, 10 mm hole, 3 mm thick',
  'a hex prism 20 mm across flats, 8 mm tall',
  'a hollow 30 mm cube with 3 mm walls',
  'a hollow sphere 40 mm across',
  'a hollow cylinder 30 mm in diameter and 40 mm tall',
  '4 tubes 12 mm outer diameter, 5 mm hole, 10 mm long',
]

describe('buildModel', () => {
  it.each(requests)('%s: closed, on the bed, centred, analytic volume', async (request) => {
    const intent = parseIntent(request)
    const out = join(dir, request.replace(/\W+/g, '-'))
    const result = await buildModel(intent, { outDir: out, printer })
    const stl = readFileSync(result.stlPath)
    expect(countOpenEdges(stl)).toBe(0)
    const expected = analyticVolume(intent.shape!, intent.hollow ? intent.wallThickness : null) * intent.count
    expect(Math.abs(result.volumeMm3 / expected - 1)).toBeLessThan(0.01)
    expect(measureStl(stl).triangles).toBe(result.triangles)
    const { min, max, size } = result.boundingBox
    expect(min[2]).toBeCloseTo(0, 4)
    expect((min[0] + max[0]) / 2).toBeCloseTo(0, 3)
    expect((min[1] + max[1]) / 2).toBeCloseTo(0, 3)
    const part = partSize(intent.shape!)
    if (intent.count === 1) for (let k = 0; k < 3; k++) expect(size[k]).toBeCloseTo(part[k]!, 2)
    expect(result.massG).toBeCloseTo((expected / 1000) * 1.24, 0)
  })

  it('lays out 50 washers on the plate without overlap', async () => {
    const intent = parseIntent('50 washers, 20 mm outer diameter, 8 mm hole, 2 mm thick')
    const result = await buildModel(intent, { outDir: join(dir, 'w50'), printer })
    expect(result.count).toBe(50)
    expect(result.boundingBox.size[0]).toBeLessThanOrEqual(210)
    expect(result.boundingBox.size[1]).toBeLessThanOrEqual(210)
    expect(result.volumeMm3 / (50 * analyticVolume(intent.shape!, null)) - 1).toBeLessThan(0.01)
    expect(countOpenEdges(readFileSync(result.stlPath))).toBe(0)
    const part = measureStl(readFileSync(result.partStlPath))
    expect(result.partStlPath).not.toBe(result.stlPath)
    expect(part.volumeMm3 * 50).toBeCloseTo(result.volumeMm3, 0)
    expect(part.boundingBox.size[0]).toBeCloseTo(20, 2)
  })

  it('uses the plate file as the part file for a single copy', async () => {
    const result = await buildModel(parseIntent('a 10 mm cube'), { outDir: join(dir, 'one'), printer })
    expect(result.partStlPath).toBe(result.stlPath)
  })

  it('refuses a model larger than the build volume and names the sizes', async () => {
    const intent = parseIntent('a 300 mm cube')
    await expect(buildModel(intent, { outDir: join(dir, 'big'), printer })).rejects.toMatchObject({
      code: 'MODEL_TOO_LARGE',
      message: expect.stringMatching(/300 × 300 × 300 mm.*210 × 210 × 250 mm/),
    })
  })

  it('refuses too many copies for the plate', async () => {
    const intent = parseIntent('100 cubes of 30 mm')
    await expect(buildModel(intent, { outDir: join(dir, 'many'), printer })).rejects.toMatchObject({ code: 'MODEL_TOO_LARGE' })
  })

  it('terminates the worker when aborted', async () => {
    const controller = new AbortController()
    const building = buildModel(parseIntent('a hollow sphere 100 mm across'), { outDir: join(dir, 'abort'), printer, signal: controller.signal })
    setTimeout(() => controller.abort(), 20)
    await expect(building).rejects.toMatchObject({ code: 'JOB_CANCELLED' })
  })
})
