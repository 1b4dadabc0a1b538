// The slicing step: PrusaSlicer's CLI turns the STL into G-code with the shipped printer × material × quality profiles.

import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Clock } from '../../core/clock.js'
import { GatewayError } from '../../core/errors.js'
import type { Material, PrinterModel, Quality } from '../catalogue.js'
import { analyseGcode } from '../analysis/analyse-gcode.js'
import { COPY_GAP_MM } from '../cad/layout.js'
import type { GcodeAnalysis } from '../analysis/types.js'
import { findSlicer, INSTALL_HINT } from './find-slicer.js'
import { runProcess } from './run-process.js'

export const PROFILES_DIR = fileURLToPath(new URL('./profiles/', import.meta.url))
export const DEFAULT_SLICE_TIMEOUT_MS = 5 * 60_000
/** PrusaSlicer runs at this nice value, below the gateway, which streams to the printer. */
export const SLICER_NICENESS = 10

export interface SliceOptions {
  stlPath: string
  outDir: string
  printer: PrinterModel
  material: Material
  quality: Quality
  /** Overrides the quality's default infill. */
  infillPercent?: number
  /** `stlPath` holds one part: PrusaSlicer prints this many copies, sliced once and arranged on the bed (much faster than a plate mesh). */
  duplicate?: number
  signal?: AbortSignal
  timeoutMs?: number
  /** A configured slicer path; otherwise PATH and the usual locations are searched. */
  slicerPath?: string
  clock?: Clock
}

export interface SliceResult {
  gcodePath: string
  analysis: GcodeAnalysis
  /** e.g. "PrusaSlicer 2.5.0", from the G-code's own header. */
  slicerVersion: string
  /** The exact arguments PrusaSlicer was run with. */
  args: string[]
  sliceMs: number
}

/** The PrusaSlicer argument list (no shell involved). Later `--load`s and explicit options override earlier ones. */
export function slicerArguments(
  o: Pick<SliceOptions, 'stlPath' | 'printer' | 'material' | 'quality' | 'infillPercent' | 'duplicate'>,
  gcodePath: string,
): string[] {
  // Spiral vase prints no infill: PrusaSlicer refuses any other fill density in that mode.
  const infill = o.quality.overrides['spiral-vase'] === true ? 0 : (o.infillPercent ?? o.quality.infillPercent)
  // Switches are bare flags (`--spiral-vase`, `--no-spiral-vase`): a value after one would be read as an input file.
  const overrides = Object.entries(o.quality.overrides).flatMap(([key, value]) =>
    typeof value === 'boolean' ? [value ? `--${key}` : `--no-${key}`] : [`--${key}`, String(value)],
  )
  return [
    '--export-gcode',
    '--load',
    join(PROFILES_DIR, o.printer.slicerProfile),
    '--load',
    join(PROFILES_DIR, o.material.slicerProfile),
    '--load',
    join(PROFILES_DIR, o.quality.slicerProfile),
    '--layer-height',
    String(o.quality.layerHeight),
    '--fill-density',
    `${infill}%`,
    ...overrides,
    ...(o.duplicate && o.duplicate > 1 ? ['--duplicate', String(o.duplicate), '--duplicate-distance', String(COPY_GAP_MM)] : []),
    '--center',
    `${o.printer.buildVolume.x / 2},${o.printer.buildVolume.y / 2}`,
    '--output',
    gcodePath,
    o.stlPath,
  ]
}

/**
 * Slices with the real PrusaSlicer and analyses the result. There is no fallback G-code: every failure is an error.
 * @throws GatewayError SLICER_NOT_FOUND | SLICER_FAILED (with the output's tail) | SLICER_TIMEOUT | JOB_CANCELLED
 */
export async function sliceModel(o: SliceOptions): Promise<SliceResult> {
  const slicer = await findSlicer(o.slicerPath)
  await mkdir(o.outDir, { recursive: true })
  const gcodePath = join(o.outDir, 'model.gcode')
  const args = slicerArguments(o, gcodePath)
  // A G-code file left from an earlier run must never pass for this run's result.
  await rm(gcodePath, { force: true })
  const started = performance.now()
  const timeoutMs = o.timeoutMs ?? DEFAULT_SLICE_TIMEOUT_MS
  const outcome = await runProcess(slicer, args, { timeoutMs, signal: o.signal, clock: o.clock, cwd: o.outDir, niceness: SLICER_NICENESS })
  const tail = outcome.outputTail
    .split('\n')
    .filter((l) => !/\[trace\]/.test(l))
    .join('\n')
    .trim()
    .slice(-1500)
  const detail = { slicer, exitCode: outcome.exitCode, signal: outcome.signal, outputTail: tail }
  if (outcome.kind !== 'exited' || outcome.exitCode !== 0) await rm(gcodePath, { force: true })
  switch (outcome.kind) {
    case 'spawn-error':
      if (outcome.error?.code === 'ENOENT' || outcome.error?.code === 'EACCES')
        throw new GatewayError('SLICER_NOT_FOUND', `Could not start ${slicer}; install PrusaSlicer with "${INSTALL_HINT}"`, {
          detail: { ...detail, install: INSTALL_HINT },
          cause: outcome.error,
        })
      throw new GatewayError('SLICER_FAILED', `Could not start ${slicer}: ${outcome.error?.message}`, { detail, cause: outcome.error })
    case 'timeout':
      throw new GatewayError('SLICER_TIMEOUT', `PrusaSlicer did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, {
        detail: { ...detail, timeoutMs },
      })
    case 'aborted':
      throw new GatewayError('JOB_CANCELLED', 'Slicing was cancelled; PrusaSlicer was stopped', { detail })
    case 'exited':
      if (outcome.exitCode !== 0) throw new GatewayError('SLICER_FAILED', `PrusaSlicer exited with code ${outcome.exitCode}: ${lastLine(tail)}`, { detail })
  }
  const written = await stat(gcodePath).then(
    (s) => s.size,
    () => 0,
  )
  if (written === 0) throw new GatewayError('SLICER_FAILED', 'PrusaSlicer exited normally but wrote no G-code', { detail })
  const sliceMs = Math.round(performance.now() - started)
  const analysis = await analyseGcode(gcodePath, { printer: o.printer, signal: o.signal })
  const slicerVersion = analysis.slicer ? `${analysis.slicer.name} ${analysis.slicer.version ?? ''}`.trim() : 'PrusaSlicer (unknown version)'
  return { gcodePath, analysis, slicerVersion, args, sliceMs }
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .pop() ?? 'no output'
  )
}
