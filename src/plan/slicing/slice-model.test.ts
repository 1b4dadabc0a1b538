// The slicing step against fake slicer executables: argument list, missing slicer, failure, silent failure, timeout, cancel.

import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createFakeClock } from '../../core/clock.js'
import { findPrinterModel, materials, qualities } from '../catalogue.js'
import { profileForIntent, resolvePrintProfile } from '../print-profile.js'
import { findSlicer } from './find-slicer.js'
import { PROFILES_DIR, sliceModel, slicerArguments } from './slice-model.js'

const dir = mkdtempSync(join(tmpdir(), 'printgate-slice-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function fakeSlicer(name: string, body: string): string {
  const path = join(dir, name)
  writeFileSync(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
  return path
}

const printer = findPrinterModel('ender3')!
const base = { stlPath: join(dir, 'model.stl'), printer, material: materials.PETG, quality: qualities.fine }

describe('slicerArguments', () => {
  it('loads printer, material and quality profiles, then explicit settings, as an argument array', () => {
    const args = slicerArguments({ ...base, infillPercent: 35 }, '/out/model.gcode')
    expect(args).toEqual([
      '--export-gcode',
      '--load',
      join(PROFILES_DIR, 'printer-ender3.ini'),
      '--load',
      join(PROFILES_DIR, 'material-petg.ini'),
      '--load',
      join(PROFILES_DIR, 'quality-fine.ini'),
      '--layer-height',
      '0.15',
      '--fill-density',
      '35%',
      '--center',
      '110,110',
      '--output',
      '/out/model.gcode',
      base.stlPath,
    ])
    for (const file of args.filter((_, i) => args[i - 1] === '--load')) expect(existsSync(file)).toBe(true)
  })
  it('asks PrusaSlicer for copies of one part with --duplicate', () => {
    const args = slicerArguments({ ...base, duplicate: 50 }, 'o.gcode')
    expect(args.join(' ')).toContain('--duplicate 50 --duplicate-distance 5 --center 110,110')
    expect(slicerArguments({ ...base, duplicate: 1 }, 'o.gcode')).not.toContain('--duplicate')
  })
  it("applies a special profile's overrides and the quality's default infill", () => {
    const p = resolvePrintProfile('cat_high_detail')
    const args = slicerArguments({ stlPath: 'm.stl', ...p }, 'o.gcode')
    expect(args.join(' ')).toContain('--layer-height 0.12 --fill-density 12% --seam-position rear --top-solid-layers 6')
  })
  it('prints a spiral vase with a bare --spiral-vase switch and no infill, whatever infill was asked', () => {
    const vase = profileForIntent({ material: null, quality: null, slicer: { spiralVase: true } }, 'ender3_pla')
    const args = slicerArguments({ stlPath: 'm.stl', ...vase, infillPercent: 20 }, 'o.gcode')
    expect(args.join(' ')).toContain('--fill-density 0% --spiral-vase --perimeters 1 --top-solid-layers 0 --center')
  })
})

describe('findSlicer', () => {
  it('names the install command when PrusaSlicer is missing', async () => {
    await expect(findSlicer(undefined, { path: join(dir, 'empty-path'), knownPaths: [join(dir, 'nowhere', 'prusa-slicer')] })).rejects.toMatchObject({
      code: 'SLICER_NOT_FOUND',
      message: expect.stringContaining('apt-get install prusa-slicer'),
    })
  })
  it('refuses a configured path that is not an executable file, without falling back', async () => {
    await expect(findSlicer(dir)).rejects.toMatchObject({ code: 'SLICER_NOT_FOUND' })
    await expect(findSlicer(join(dir, 'no-such-slicer'))).rejects.toMatchObject({
      code: 'SLICER_NOT_FOUND',
      message: expect.stringContaining('apt-get install prusa-slicer'),
    })
  })
  it('finds prusa-slicer on the given PATH first', async () => {
    const bin = join(dir, 'bin')
    mkdirSync(bin, { recursive: true })
    writeFileSync(join(bin, 'prusa-slicer'), '#!/bin/sh\n')
    chmodSync(join(bin, 'prusa-slicer'), 0o755)
    expect(await findSlicer(undefined, { path: bin, knownPaths: [] })).toBe(join(bin, 'prusa-slicer'))
  })
})

describe('sliceModel failures (never a fallback G-code)', () => {
  it('reports a failing slicer with the tail of its output', async () => {
    const slicerPath = fakeSlicer(
      'fails.sh',
      'echo "Loading model" ; echo "G28" > "$(dirname "$0")/fail/model.gcode" ; echo "Objects could not fit on the bed" >&2 ; exit 1',
    )
    const out = join(dir, 'fail')
    await expect(sliceModel({ ...base, outDir: out, slicerPath })).rejects.toMatchObject({
      code: 'SLICER_FAILED',
      message: expect.stringContaining('Objects could not fit on the bed'),
      detail: { exitCode: 1, outputTail: expect.stringContaining('Loading model') },
    })
    expect(existsSync(join(out, 'model.gcode'))).toBe(false)
  })
  it('reports a slicer that exits 0 without writing G-code, even when an old G-code file is there', async () => {
    const slicerPath = fakeSlicer('silent.sh', 'exit 0')
    const out = join(dir, 'silent')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'model.gcode'), 'G28\n')
    await expect(sliceModel({ ...base, outDir: out, slicerPath })).rejects.toMatchObject({
      code: 'SLICER_FAILED',
      message: expect.stringContaining('wrote no G-code'),
    })
  })
  it('stops a slicer that runs past the timeout (fake clock)', async () => {
    const marker = join(dir, 'slow.started')
    const slicerPath = fakeSlicer('slow.sh', `touch ${marker}\nexec sleep 30`)
    const clock = createFakeClock()
    const slicing = sliceModel({ ...base, outDir: join(dir, 'slow'), slicerPath, clock, timeoutMs: 60_000 })
    await vi.waitFor(() => expect(existsSync(marker)).toBe(true), { timeout: 5000, interval: 20 })
    clock.advance(60_000)
    await expect(slicing).rejects.toMatchObject({ code: 'SLICER_TIMEOUT', detail: { signal: 'SIGTERM' } })
  })
  it('kills the slicer when cancelled', async () => {
    const marker = join(dir, 'cancel.started')
    const slicerPath = fakeSlicer('cancel.sh', `touch ${marker}\nexec sleep 30`)
    const controller = new AbortController()
    const slicing = sliceModel({ ...base, outDir: join(dir, 'cancel'), slicerPath, signal: controller.signal })
    await vi.waitFor(() => expect(existsSync(marker)).toBe(true), { timeout: 5000, interval: 20 })
    controller.abort()
    await expect(slicing).rejects.toMatchObject({ code: 'JOB_CANCELLED', detail: { signal: 'SIGTERM' } })
  })
})
