// The CAD step: an Intent becomes <outDir>/model.stl, built in a worker thread so the event loop stays free.

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { materials, type Material, type PrinterModel } from '../catalogue.js'
import { intentSchema, type Intent } from '../intent/schema.js'
import { GatewayError } from '../../core/errors.js'
import { runWorker, sourceExtension } from '../worker/run-worker.js'
import { BED_BORDER_MM, layoutCopies, partSize } from './layout.js'
import type { FamilyJob } from '../library/build-plate.js'
import type { ModelJob } from './model-worker.js'
import type { BoundingBox, StlStats } from './stl-stats.js'

export interface ModelResult {
  /** All copies laid out on the plate. */
  stlPath: string
  /** One copy (the same file as stlPath when count is 1): slice it with `duplicate: count` for a much faster slice.
   *  For library families this is the whole plate and `count` is 1: their copies are already laid out. */
  partStlPath: string
  boundingBox: BoundingBox
  volumeMm3: number
  triangles: number
  /** Estimated mass of all copies, printed solid, in the intent's material (PLA when it names none). */
  massG: number
  count: number
}

export interface BuildModelOptions {
  outDir: string
  printer: PrinterModel
  material?: Material
  signal?: AbortSignal
}

const workerUrl = new URL(`./model-worker${sourceExtension}`, import.meta.url)
const familyWorkerUrl = new URL(`../library/family-worker${sourceExtension}`, import.meta.url)

/** A library family: its parts and copies laid out on one plate (model.stl), so slicing takes the plate as it is (count 1). */
async function buildFamilyModel(intent: Intent, o: BuildModelOptions): Promise<ModelResult> {
  const params = Object.fromEntries(Object.entries(intent.params).map(([k, v]) => [k, v.value]))
  const job: FamilyJob = {
    family: intent.family,
    params,
    count: intent.count,
    stlPath: join(o.outDir, 'model.stl'),
    ctx: { clearance: intent.fit.clearanceMm, holeCompensation: intent.fit.holeCompensationMm },
    space: {
      x: o.printer.buildVolume.x - 2 * BED_BORDER_MM,
      y: o.printer.buildVolume.y - 2 * BED_BORDER_MM,
      z: o.printer.buildVolume.z,
      printer: o.printer.id,
    },
  }
  const stats = await runWorker<StlStats>(familyWorkerUrl, job, { signal: o.signal, abortCode: 'JOB_CANCELLED', failCode: 'MODEL_FAILED' })
  const material = o.material ?? materials[intent.material ?? 'PLA']
  return {
    stlPath: job.stlPath,
    partStlPath: job.stlPath,
    boundingBox: stats.boundingBox,
    volumeMm3: stats.volumeMm3,
    triangles: stats.triangles,
    massG: Math.round((stats.volumeMm3 / 1000) * material.densityGPerCm3 * 100) / 100,
    count: 1,
  }
}

/**
 * Builds the intent's shape (all copies laid out on the plate), standing on z = 0 and centred on X/Y = 0.
 * @throws GatewayError MODEL_TOO_LARGE (sizes named) | MODEL_FAILED | JOB_CANCELLED (on abort; the worker is terminated)
 */
export async function buildModel(input: Intent, o: BuildModelOptions): Promise<ModelResult> {
  const checked = intentSchema.safeParse(input)
  if (!checked.success) throw new GatewayError('VALIDATION_FAILED', 'The intent is not valid', { detail: checked.error.issues })
  const intent = checked.data
  await mkdir(o.outDir, { recursive: true })
  if (intent.shape === null) return buildFamilyModel(intent, o)
  const layout = layoutCopies(partSize(intent.shape), intent.count, o.printer)
  const job: ModelJob = {
    shape: intent.shape,
    hollowWall: intent.hollow ? intent.wallThickness : null,
    offsets: layout.offsets,
    stlPath: join(o.outDir, 'model.stl'),
    partStlPath: intent.count > 1 ? join(o.outDir, 'part.stl') : null,
  }
  const stats = await runWorker<StlStats>(workerUrl, job, { signal: o.signal, abortCode: 'JOB_CANCELLED', failCode: 'MODEL_FAILED' })
  const material = o.material ?? materials[intent.material ?? 'PLA']
  return {
    stlPath: job.stlPath,
    partStlPath: job.partStlPath ?? job.stlPath,
    boundingBox: stats.boundingBox,
    volumeMm3: stats.volumeMm3,
    triangles: stats.triangles,
    massG: Math.round((stats.volumeMm3 / 1000) * material.densityGPerCm3 * 100) / 100,
    count: intent.count,
  }
}
