// The work of the research, CAD and slicing steps: each returns the file it produced, or throws.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { GatewayError } from '../core/errors.js'
import { PARAMETER_CHANGES_KEY, reviseIntent, type ParameterChanges } from '../preview/parameters.js'
import type { PlanLibrary } from './plan-port.js'
import type { JobRecord, JobOutputs, StepName } from './types.js'
import type { FieldPatch } from './recorder.js'

export interface StepContext {
  job: JobRecord
  plan: PlanLibrary
  dataDir: string
  /** Absolute path of the uploaded source file, for STL/G-code jobs. */
  sourcePath: string | null
  signal: AbortSignal
  slicerPath?: string
  slicerTimeoutMs?: number
}

export interface StepResult {
  /** Absolute path of the file the step produced; the step completes only if it exists. */
  producedPath: string
  outputs: JobOutputs
  jobPatch: FieldPatch
  summary: Record<string, unknown>
}

export const jobDir = (dataDir: string, jobId: string) => join(dataDir, 'jobs', jobId)

export function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')))
  })
}

function abortIfNeeded(signal: AbortSignal) {
  if (signal.aborted) throw new GatewayError('JOB_CANCELLED')
}

export async function runStep(name: Exclude<StepName, 'printing'>, ctx: StepContext): Promise<StepResult> {
  const { job, plan, dataDir, signal } = ctx
  const outDir = jobDir(dataDir, job.id)
  await mkdir(outDir, { recursive: true })
  abortIfNeeded(signal)
  const rel = (p: string) => relative(dataDir, p)
  const profile = () => plan.resolvePrintProfile(job.printerProfile, job.qualityLevel)

  if (name === 'research') {
    const parsed = plan.parseIntent(job.userRequest ?? '')
    // A rebuild from the phone: the same words with some numbers changed, checked again by the library's schema.
    const changes = job.metadata[PARAMETER_CHANGES_KEY]
    const intent = changes && typeof changes === 'object' ? reviseIntent(parsed, changes as ParameterChanges, plan) : parsed
    const path = join(outDir, 'intent.json')
    await writeFile(path, JSON.stringify(intent, null, 2))
    return { producedPath: path, outputs: { intent: rel(path) }, jobPatch: {}, summary: { intent } }
  }
  if (name === 'cad') {
    if (!job.outputs.intent) throw new GatewayError('MODEL_FAILED', 'The research step left no intent')
    const intent: unknown = JSON.parse(await readFile(join(dataDir, job.outputs.intent), 'utf8'))
    const model = await plan.buildModel(intent, { outDir, printer: profile().printer, signal })
    return { producedPath: model.stlPath, outputs: { stl: rel(model.stlPath) }, jobPatch: {}, summary: { ...model, stlPath: undefined } }
  }
  const stlPath = job.outputs.stl ? join(dataDir, job.outputs.stl) : ctx.sourcePath
  if (!stlPath || !existsSync(stlPath)) throw new GatewayError('SLICER_FAILED', 'There is no STL model to slice')
  const intent = await readIntent(job, dataDir)
  const { printer, material, quality } = intent && plan.profileForIntent ? plan.profileForIntent(intent, job.printerProfile, job.qualityLevel) : profile()
  const intentInfill = typeof intent?.infillPercent === 'number' ? intent.infillPercent : undefined
  const sliced = await plan.sliceModel({
    stlPath,
    outDir,
    printer,
    material,
    quality,
    signal,
    ...(intentInfill !== undefined ? { infillPercent: intentInfill } : {}),
    ...(ctx.slicerTimeoutMs !== undefined ? { timeoutMs: ctx.slicerTimeoutMs } : {}),
    ...(ctx.slicerPath !== undefined ? { slicerPath: ctx.slicerPath } : {}),
  })
  const analysis = sliced.analysis
  return {
    producedPath: sliced.gcodePath,
    outputs: { gcode: rel(sliced.gcodePath) },
    jobPatch: {
      gcodeHash: existsSync(sliced.gcodePath) ? await sha256File(sliced.gcodePath) : null,
      estimatedSeconds: analysis.estimatedSeconds ?? null,
      filamentMm: analysis.filamentMm ?? null,
      layerCount: analysis.layerCount ?? null,
    },
    summary: { analysis },
  }
}

async function readIntent(job: JobRecord, dataDir: string): Promise<Record<string, unknown> | null> {
  if (!job.outputs.intent) return null
  try {
    return JSON.parse(await readFile(join(dataDir, job.outputs.intent), 'utf8')) as Record<string, unknown>
  } catch {
    return null
  }
}
