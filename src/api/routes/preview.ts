// Seeing before printing: the dry run of a typed request, "Print it", and a rebuild with changed numbers.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GatewayError } from '../../core/errors.js'
import { PRINT_GATE_KEY } from '../../jobs/print-gate.js'
import { isFinished } from '../../jobs/types.js'
import { checkRequest } from '../../preview/check.js'
import { intentParameters, PARAMETER_CHANGES_KEY, reviseIntent } from '../../preview/parameters.js'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { errorResponses, JobIdParam, PrintStatus, QUALITY_LEVELS } from '../schemas.js'
import { toPrintStatus } from '../views.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

const CheckBody = z.strictObject({
  user_request: z.string().min(1).max(1000),
  printer_profile: z.string().min(1).max(100).nullish(),
  quality_level: z.enum(QUALITY_LEVELS).nullish(),
}).openapi('PrintCheckRequest')

const Parameter = z.object({ path: z.string(), label: z.string(), value: z.number(), unit: z.string(), min: z.number(), max: z.number(), step: z.number() })
const CheckAnswer = z.object({
  buildable: z.boolean(),
  request: z.string(),
  intent: z.unknown().nullable(),
  parameters: z.array(Parameter),
  assumptions: z.array(z.string()),
  refusal: z.object({ code: z.string(), message: z.string(), suggestions: z.array(z.string()), detail: z.unknown() }).nullable(),
}).openapi('PrintCheck')

const check = createRoute({
  method: 'post', path: '/api/print-request/check', tags: ['workflows'],
  summary: 'Dry run of a typed request: what would be built (intent, editable numbers, assumptions) or why not, with suggestions; no job is created',
  request: { body: { content: { 'application/json': { schema: CheckBody } }, required: true } },
  responses: { 200: json(CheckAnswer, 'The answer (a refusal is buildable: false, not an error)'), ...errorResponses(400, 422) },
})
const confirm = createRoute({
  method: 'post', path: '/api/workflows/{job_id}/confirm', tags: ['workflows'],
  summary: '"Print it": a job waiting for confirmation may start; bed_clear: true also says the bed is empty',
  request: { params: JobIdParam, body: { content: { 'application/json': { schema: z.strictObject({ bed_clear: z.boolean().optional() }) } }, required: false } },
  responses: { 200: json(PrintStatus, 'The job'), ...errorResponses(400, 404) },
})
const jobPreview = createRoute({
  method: 'get', path: '/api/workflows/{job_id}/preview', tags: ['workflows'],
  summary: 'What a typed request was understood as: the intent and the numbers the phone may change (empty until research is done)',
  request: { params: JobIdParam },
  responses: { 200: json(z.object({ intent: z.unknown().nullable(), parameters: z.array(Parameter), changes: z.record(z.string(), z.number()) }), 'The preview facts'), ...errorResponses(404) },
})
const rebuild = createRoute({
  method: 'post', path: '/api/workflows/{job_id}/rebuild', tags: ['workflows'],
  summary: 'The same request with some numbers changed, as a new job (the old one is cancelled if it has not printed)',
  request: {
    params: JobIdParam,
    body: { content: { 'application/json': { schema: z.strictObject({ parameters: z.record(z.string().max(100), z.number()).refine((p) => Object.keys(p).length > 0 && Object.keys(p).length <= 20, 'Give 1 to 20 changed numbers') }) } }, required: true },
  },
  responses: { 201: json(PrintStatus, 'The new job'), ...errorResponses(400, 404, 422) },
})

export function createPreviewRoutes(deps: ApiDeps): OpenAPIHono {
  const { orchestrator, jobs } = deps
  const app = new OpenAPIHono({ defaultHook: validationHook })

  app.openapi(check, (c) => {
    const body = c.req.valid('json')
    return c.json(checkRequest(deps.plan, body.user_request, { printerProfile: body.printer_profile ?? null, qualityLevel: body.quality_level ?? null }) as never, 200)
  })

  app.openapi(jobPreview, async (c) => {
    const { job_id } = c.req.valid('param')
    const job = jobs.get(job_id)
    if (!job) throw new GatewayError('JOB_NOT_FOUND', `Workflow ${job_id} not found`)
    const intent: unknown = job.outputs.intent ? JSON.parse(await readFile(join(deps.dataDir, job.outputs.intent), 'utf8').catch(() => 'null')) : null
    const changes = (job.metadata[PARAMETER_CHANGES_KEY] ?? {}) as Record<string, number>
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
    if (old.source !== 'text' || !old.outputs.intent) throw new GatewayError('JOB_INVALID_TRANSITION', 'Only a typed request whose words were understood can be rebuilt')
    const intent: unknown = JSON.parse(await readFile(join(deps.dataDir, old.outputs.intent), 'utf8'))
    // Checked now, so a bad number is answered at once instead of failing the new job's research step.
    reviseIntent(intent, parameters, deps.plan)
    const earlier = (old.metadata[PARAMETER_CHANGES_KEY] ?? {}) as Record<string, number>
    const { [PRINT_GATE_KEY]: _gate, ...metadata } = old.metadata
    const job = orchestrator.createFromText({
      userRequest: old.userRequest ?? '', userId: old.userId, printerProfile: old.printerProfile, qualityLevel: old.qualityLevel,
      metadata: { ...metadata, rebuild_of: old.id, [PARAMETER_CHANGES_KEY]: { ...earlier, ...parameters } },
      confirmBeforePrint: true,
    })
    if (!isFinished(old.status) && old.status !== 'printing_phase' && old.status !== 'paused') await orchestrator.cancel(old.id)
    c.header('Location', `/api/status/${job.id}`)
    return c.json(toPrintStatus(job, { steps: jobs.steps(job.id) }), 201)
  })

  return app
}
