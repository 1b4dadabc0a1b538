// Seeing before printing: the dry run of a typed request, "Print it", and a rebuild with changed numbers.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GatewayError } from '../../core/errors.js'
import { PRINT_GATE_KEY } from '../../jobs/print-gate.js'
import { isFinished } from '../../jobs/types.js'
import { checkRequest } from '../../preview/check.js'
import { readMaterial } from '../../preview/gcode-material.js'
import { createThumbnailStore, type Thumbnail } from '../../preview/thumbnails.js'
import { intentParameters, PARAMETER_CHANGES_KEY, reviseIntent, type ParameterChanges } from '../../preview/parameters.js'
import type { Context } from 'hono'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { errorResponses, FileIdParam, JobIdParam, PrintStatus, QUALITY_LEVELS } from '../schemas.js'
import { toPrintStatus } from '../views.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

const CheckBody = z
  .strictObject({
    user_request: z.string().min(1).max(1000),
    printer_profile: z.string().min(1).max(100).nullish(),
    quality_level: z.enum(QUALITY_LEVELS).nullish(),
  })
  .openapi('PrintCheckRequest')

const Parameter = z.object({
  path: z.string(),
  label: z.string(),
  kind: z.enum(['number', 'text']),
  value: z.union([z.number(), z.string()]),
  unit: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  step: z.number().nullable(),
})
const CheckAnswer = z
  .object({
    buildable: z.boolean(),
    request: z.string(),
    intent: z.unknown().nullable(),
    parameters: z.array(Parameter),
    assumptions: z.array(z.string()),
    refusal: z
      .object({ code: z.string(), message: z.string(), suggestions: z.array(z.string()), closest: z.array(z.string()), detail: z.unknown() })
      .nullable(),
  })
  .openapi('PrintCheck')

const check = createRoute({
  method: 'post',
  path: '/api/print-request/check',
  tags: ['workflows'],
  summary: 'Dry run of a typed request: what would be built (intent, editable numbers, assumptions) or why not, with suggestions; no job is created',
  request: { body: { content: { 'application/json': { schema: CheckBody } }, required: true } },
  responses: { 200: json(CheckAnswer, 'The answer (a refusal is buildable: false, not an error)'), ...errorResponses(400, 422) },
})
const confirm = createRoute({
  method: 'post',
  path: '/api/workflows/{job_id}/confirm',
  tags: ['workflows'],
  summary: '"Print it": a job waiting for confirmation may start; bed_clear: true also says the bed is empty',
  request: {
    params: JobIdParam,
    body: { content: { 'application/json': { schema: z.strictObject({ bed_clear: z.boolean().optional() }) } }, required: false },
  },
  responses: { 200: json(PrintStatus, 'The job'), ...errorResponses(400, 404) },
})
const jobPreview = createRoute({
  method: 'get',
  path: '/api/workflows/{job_id}/preview',
  tags: ['workflows'],
  summary: 'What a typed request was understood as: the intent and the numbers the phone may change (empty until research is done)',
  request: { params: JobIdParam },
  responses: {
    200: json(
      z.object({ intent: z.unknown().nullable(), parameters: z.array(Parameter), changes: z.record(z.string(), z.union([z.number(), z.string()])) }),
      'The preview facts',
    ),
    ...errorResponses(404),
  },
})
const rebuild = createRoute({
  method: 'post',
  path: '/api/workflows/{job_id}/rebuild',
  tags: ['workflows'],
  summary: 'The same request with some numbers changed, as a new job (the old one is cancelled if it has not printed)',
  request: {
    params: JobIdParam,
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            parameters: z
              .record(z.string().max(100), z.union([z.number(), z.string().max(100)]))
              .refine((p) => Object.keys(p).length > 0 && Object.keys(p).length <= 20, 'Give 1 to 20 changed values'),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 201: json(PrintStatus, 'The new job'), ...errorResponses(400, 404, 422) },
})

const picture = {
  description: 'The picture (PNG or JPEG); X-Thumbnail-Source says "embedded" or "toolpath"',
  content: { 'image/png': { schema: z.string() }, 'image/jpeg': { schema: z.string() } },
}
const fileThumbnail = createRoute({
  method: 'get',
  path: '/api/files/{id}/thumbnail',
  tags: ['files'],
  summary: "An uploaded G-code's picture: the slicer's embedded thumbnail (PrusaSlicer, Orca, Cura formats), else its toolpath from above",
  request: { params: FileIdParam },
  responses: { 200: picture, 304: { description: 'Unchanged' }, ...errorResponses(404) },
})
const jobThumbnail = createRoute({
  method: 'get',
  path: '/api/workflows/{job_id}/thumbnail',
  tags: ['workflows'],
  summary: "The picture of a job's G-code (embedded thumbnail, else its toolpath from above); 404 until there is G-code",
  request: { params: JobIdParam },
  responses: { 200: picture, 304: { description: 'Unchanged' }, ...errorResponses(404) },
})
const fileFacts = createRoute({
  method: 'get',
  path: '/api/files/{id}/preview',
  tags: ['files'],
  summary: 'What the file card shows beyond the analysis: the picture URL and the material the G-code was sliced for',
  request: { params: FileIdParam },
  responses: { 200: json(z.object({ thumbnail_url: z.string().nullable(), material: z.string().nullable() }), 'Card facts'), ...errorResponses(404) },
})

const printOptions = createRoute({
  method: 'get',
  path: '/api/print-options',
  tags: ['files'],
  summary: "What an STL may be sliced with, and the printer's defaults: print it with printer_profile `<printer>_<material>` and quality_level",
  responses: {
    200: json(
      z.object({
        printer: z.string(),
        default_material: z.string(),
        default_quality: z.string(),
        materials: z.array(z.string()),
        qualities: z.array(z.string()),
      }),
      'Options and defaults',
    ),
  },
})

export function createPreviewRoutes(deps: ApiDeps): OpenAPIHono {
  const { orchestrator, jobs } = deps
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const thumbnails = createThumbnailStore(join(deps.dataDir, 'cache', 'thumbnails'))
  const sendPicture = (c: Context, key: string, picture: Thumbnail | null, what: string) => {
    if (!picture) throw new GatewayError('FILE_NOT_FOUND', `${what} has no picture: no embedded thumbnail and no extruding moves`)
    const etag = `"${key.slice(0, 32)}-${picture.source}"`
    const headers = { 'Cache-Control': 'private, max-age=86400', ETag: etag, 'X-Thumbnail-Source': picture.source }
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
    return c.body(new Uint8Array(picture.data), 200, { ...headers, 'Content-Type': picture.mime })
  }
  const mustGetFile = (id: string) => {
    const file = deps.files.get(id)
    if (!file) throw new GatewayError('FILE_NOT_FOUND', `File ${id} not found`)
    return file
  }

  app.openapi(fileThumbnail, async (c) => {
    const file = mustGetFile(c.req.valid('param').id)
    if (file.kind !== 'gcode') throw new GatewayError('FILE_NOT_FOUND', `"${file.name}" is a model; its picture is drawn on the phone`)
    const path = join(deps.dataDir, 'files', file.storedName)
    return sendPicture(c, file.sha256, await thumbnails.get({ path, key: file.sha256 }), `"${file.name}"`) as never
  })

  app.openapi(jobThumbnail, async (c) => {
    const { job_id } = c.req.valid('param')
    const job = jobs.get(job_id)
    if (!job) throw new GatewayError('JOB_NOT_FOUND', `Workflow ${job_id} not found`)
    if (!job.outputs.gcode || !job.gcodeHash) throw new GatewayError('FILE_NOT_FOUND', `Workflow ${job_id} has no G-code yet`)
    const picture = await thumbnails.get({ path: join(deps.dataDir, job.outputs.gcode), key: job.gcodeHash })
    return sendPicture(c, job.gcodeHash, picture, `Workflow ${job_id}`) as never
  })

  app.openapi(printOptions, (c) => {
    const profile = deps.plan.resolvePrintProfile(null) as { printer: { id: string }; material: { id: string }; quality: { id: string } }
    return c.json(
      {
        printer: profile.printer.id,
        default_material: profile.material.id,
        default_quality: profile.quality.id,
        materials: [...(deps.plan.MATERIAL_IDS ?? [profile.material.id])],
        qualities: [...(deps.plan.QUALITY_IDS ?? [profile.quality.id])],
      },
      200,
    )
  })

  app.openapi(fileFacts, async (c) => {
    const file = mustGetFile(c.req.valid('param').id)
    if (file.kind !== 'gcode') return c.json({ thumbnail_url: null, material: null }, 200)
    const material = await readMaterial(join(deps.dataDir, 'files', file.storedName)).catch(() => null)
    return c.json({ thumbnail_url: `/api/files/${file.id}/thumbnail`, material }, 200)
  })

  app.openapi(check, (c) => {
    const body = c.req.valid('json')
    return c.json(
      checkRequest(deps.plan, body.user_request, { printerProfile: body.printer_profile ?? null, qualityLevel: body.quality_level ?? null }) as never,
      200,
    )
  })

  app.openapi(jobPreview, async (c) => {
    const { job_id } = c.req.valid('param')
    const job = jobs.get(job_id)
    if (!job) throw new GatewayError('JOB_NOT_FOUND', `Workflow ${job_id} not found`)
    const intent: unknown = job.outputs.intent ? JSON.parse(await readFile(join(deps.dataDir, job.outputs.intent), 'utf8').catch(() => 'null')) : null
    const changes = (job.metadata[PARAMETER_CHANGES_KEY] ?? {}) as ParameterChanges
    const parameters = job.source === 'text' && intent ? intentParameters(intent, deps.plan) : []
    return c.json({ intent, parameters, changes }, 200)
  })

  app.openapi(confirm, async (c) => {
    const { job_id } = c.req.valid('param')
    const body = (await c.req.json().catch(() => ({}))) as { bed_clear?: unknown }
    const job = await orchestrator.confirm(job_id, { bedClear: body.bed_clear === true })
    return c.json(toPrintStatus(job, { steps: jobs.steps(job_id) }), 200)
  })

  app.openapi(rebuild, async (c) => {
    const { job_id } = c.req.valid('param')
    const { parameters } = c.req.valid('json')
    const old = jobs.get(job_id)
    if (!old) throw new GatewayError('JOB_NOT_FOUND', `Workflow ${job_id} not found`)
    if (old.source !== 'text' || !old.outputs.intent)
      throw new GatewayError('JOB_INVALID_TRANSITION', 'Only a typed request whose words were understood can be rebuilt')
    const intent: unknown = JSON.parse(await readFile(join(deps.dataDir, old.outputs.intent), 'utf8'))
    // Checked now, so a bad number is answered at once instead of failing the new job's research step.
    reviseIntent(intent, parameters, deps.plan)
    const earlier = (old.metadata[PARAMETER_CHANGES_KEY] ?? {}) as ParameterChanges
    const { [PRINT_GATE_KEY]: _gate, ...metadata } = old.metadata
    const job = orchestrator.createFromText({
      userRequest: old.userRequest ?? '',
      userId: old.userId,
      printerProfile: old.printerProfile,
      qualityLevel: old.qualityLevel,
      metadata: { ...metadata, rebuild_of: old.id, [PARAMETER_CHANGES_KEY]: { ...earlier, ...parameters } },
      confirmBeforePrint: true,
    })
    if (!isFinished(old.status) && old.status !== 'printing_phase' && old.status !== 'paused') await orchestrator.cancel(old.id)
    c.header('Location', `/api/status/${job.id}`)
    return c.json(toPrintStatus(job, { steps: jobs.steps(job.id) }), 201)
  })

  return app
}
