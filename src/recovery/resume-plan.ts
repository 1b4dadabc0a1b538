// Plans a resume after a power cut: which layer, where in the file, and the preamble, from the recovery record and the file's resume points.
import { createReadStream, createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { GatewayError } from '../core/errors.js'
import type { RecoveryRecord } from '../printer/recovery-journal.js'
import { buildResumePreamble } from './preamble.js'
import type { ResumePoint, ResumeScan } from './resume-points.js'

export interface ResumePlan {
  layer: number
  /** Where the original file continues (the chosen layer's first marker line). */
  byteOffset: number
  fileLine: number
  zNow: number
  zResume: number
  preamble: string[]
}

export interface ResumeChoices {
  layers: Array<{ layer: number; z: number | null; fileLine: number }>
  suggestedLayer: number | null
  /** The lowest layer that can be chosen: a lower one would take the nozzle down into printed plastic. */
  lowestLayer: number | null
}

/** The layer the print was in when the power went is printed again from its start; it is also the lowest choice. */
export function resumeChoices(record: RecoveryRecord, scan: ResumeScan): ResumeChoices {
  const layers = scan.points.map((p) => ({ layer: p.layer, z: p.z, fileLine: p.fileLine }))
  const current = scan.points.filter((p) => p.byteOffset < record.byteOffset).at(-1) ?? null
  if (!current) return { layers, suggestedLayer: null, lowestLayer: null }
  return { layers, suggestedLayer: current.layer, lowestLayer: current.layer }
}

function pointFor(scan: ResumeScan, layer: number): ResumePoint {
  const point = scan.points.find((p) => p.layer === layer)
  if (!point) throw new GatewayError('RECOVERY_LAYER_INVALID', `The file has no layer ${layer}`)
  return point
}

export function planResume(record: RecoveryRecord, scan: ResumeScan, layer: number, park: { x: number; y: number; zLift: number }): ResumePlan {
  const choices = resumeChoices(record, scan)
  if (choices.suggestedLayer === null || choices.lowestLayer === null)
    throw new GatewayError('RECOVERY_NOT_AVAILABLE', 'The print stopped before its first layer: start it again instead')
  const point = pointFor(scan, layer)
  if (layer < choices.lowestLayer)
    throw new GatewayError(
      'RECOVERY_LAYER_INVALID',
      `Layer ${layer} is below the printed part (the print stopped in layer ${choices.suggestedLayer}); the lowest layer to resume at is ${choices.lowestLayer}`,
    )
  // The height the nozzle last extruded at, not a Z-hop's: a hop the firmware acknowledged may never have run.
  const zNow = record.printZ ?? record.layerZ ?? point.z ?? 0
  // Down to the resumed layer's own height, never below it: part of that layer may already be printed.
  const zResume = point.z ?? point.before.z ?? zNow
  const preamble = buildResumePreamble({
    before: point.before,
    layer,
    zNow,
    zResume,
    fallbackTargets: { hotend: record.state.hotendTarget, bed: record.state.bedTarget },
    park,
    layerHint: scan.markers === 'relative',
  })
  return { layer, byteOffset: point.byteOffset, fileLine: point.fileLine, zNow, zResume, preamble }
}

/** Writes the resumed print: the preamble, then the original file from the plan's byte offset on. */
export async function writeResumeFile(sourcePath: string, outPath: string, plan: ResumePlan): Promise<void> {
  const out = createWriteStream(outPath, { mode: 0o640 })
  out.write(`${plan.preamble.join('\n')}\n`)
  await pipeline(createReadStream(sourcePath, { start: plan.byteOffset }), out)
}
