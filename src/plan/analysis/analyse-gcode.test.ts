// analyseGcode on real files: streamed on the thread and in a worker, with the same answer; missing files and cancellation.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findPrinterModel } from '../catalogue.js'
import { analyseGcode } from './analyse-gcode.js'

const dir = mkdtempSync(join(tmpdir(), 'printgate-analyse-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function writeLayers(name: string, layers: number): string {
  const lines = ['M104 S200', 'M140 S60', 'G90', 'M83', ';TYPE:Custom', 'G1 X5 Y5 Z0.3 F3000', 'G1 X5 Y100 E5']
  for (let l = 1; l <= layers; l++) {
    lines.push(';LAYER_CHANGE', `;Z:${(l * 0.2).toFixed(1)}`, ';TYPE:External perimeter', `G1 Z${(l * 0.2).toFixed(1)} F600`, 'G1 X100 Y100 F6000')
    lines.push('G1 X120 Y100 E0.6 F1800', 'G1 X120 Y120 E0.6', 'G1 X100 Y120 E0.6', 'G1 X100 Y100 E0.6')
  }
  const path = join(dir, name)
  writeFileSync(path, lines.join('\r\n') + '\r\n')
  return path
}

describe('analyseGcode', () => {
  it('gives the same analysis on the thread and in a worker', async () => {
    const path = writeLayers('fifty.gcode', 50)
    const printer = findPrinterModel('ender3')!
    const here = await analyseGcode(path, { printer })
    const worker = await analyseGcode(path, { printer, forceWorker: true })
    expect(worker).toEqual(here)
    expect(here).toMatchObject({ layerCount: 50, source: 'computed', filamentMm: 125, objectBoundingBox: { min: [100, 100, 0.2], max: [120, 120, 10] } })
    expect(here.boundingBox?.min).toEqual([5, 5, 0.2])
    expect(here.checks.fitsBuildVolume).toBe(true)
  })
  it('rejects a missing file with FILE_NOT_FOUND', async () => {
    await expect(analyseGcode(join(dir, 'nope.gcode'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' })
    await expect(analyseGcode(join(dir, 'nope.gcode'), { forceWorker: true })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' })
  })
  it('stops when cancelled', async () => {
    const path = writeLayers('many.gcode', 20000)
    const controller = new AbortController()
    const running = analyseGcode(path, { signal: controller.signal, forceWorker: true })
    setTimeout(() => controller.abort(), 30)
    await expect(running).rejects.toMatchObject({ code: 'JOB_CANCELLED' })
  })
})
