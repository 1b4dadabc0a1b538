// Workflow routes: the seed's print-request/status/list/cancel plus pause, resume, events and output downloads.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createReadStream, existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import { callerHasScope } from '../../auth/access-control.js'
import { GatewayError } from '../../core/errors.js'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { ErrorBody, errorResponses, JobEventView, JobIdParam, ListQuery, PrintRequestBody, PrintStatus } from '../schemas.js'
import { toEventView, toPrintStatus } from '../views.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

const createJob = createRoute({
  method: 'post',
  path: '/api/print-request',
  tags: ['workflows'],
  summary: 'Start a print from words or from an uploaded file',
  request: { body: { content: { 'application/json': { schema: PrintRequestBody } }, required: true } },
  responses: { 201: json(PrintStatus, 'The new job'), ...errorResponses(400, 404, 413, 422, 503) },
})
const getStatus = createRoute({
  method: 'get',
  path: '/api/status/{job_id}',
  tags: ['workflows'],
  summary: 'A job with its steps, layer, ETA and temperatures',
  request: { params: JobIdParam },
  responses: { 200: json(PrintStatus, 'The job'), ...errorResponses(404) },
})
const listJobs = createRoute({
  method: 'get',
  path: '/api/workflows',
  tags: ['workflows'],
  summary: 'Jobs, newest first (a bare array; the total is in X-Total-Count)',
  request: { query: ListQuery },
  responses: { 200: { ...json(z.array(PrintStatus), 'Jobs'), headers: z.object({ 'x-total-count': z.string() }) }, ...errorResponses(422) },
})
const cancelJob = createRoute({
  method: 'delete',
  path: '/api/workflows/{job_id}',
  tags: ['workflows'],
  summary: 'Cancel a job in any phase',
  request: { params: JobIdParam },
  responses: { 204: { description: 'Cancelled' }, ...errorResponses(400, 404) },
})
const pauseJob = createRoute({
  method: 'post',
  path: '/api/workflows/{job_id}/pause',
  tags: ['workflows'],
  summary: 'Pause the running print',
  request: { params: JobIdParam },
  responses: { 200: json(PrintStatus, 'The job'), ...errorResponses(400, 404, 409) },
})
const resumeJob = createRoute({
  method: 'post',
  path: '/api/workflows/{job_id}/resume',
  tags: ['workflows'],
  summary: 'Resume a paused print',
  request: { params: JobIdParam },
  responses: { 200: json(PrintStatus, 'The job'), ...errorResponses(400, 404, 409) },
})
const reprintJob = createRoute({
  method: 'post',
  path: '/api/workflows/{job_id}/reprint',
  tags: ['workflows'],
  summary: "Print a finished job's G-code again (a new job)",
  request: { params: JobIdParam },
  responses: { 201: json(PrintStatus, 'The new job'), ...errorResponses(400, 404, 503) },
})
const jobEvents = createRoute({
  method: 'get',
  path: '/api/workflows/{job_id}/events',
  tags: ['workflows'],
  summary: "A job's recorded history",
  request: { params: JobIdParam, query: z.object({ after: z.coerce.number().int().min(0).default(0) }) },
  responses: { 200: json(z.array(JobEventView), 'Events, oldest first'), ...errorResponses(404) },
})
const jobFile = createRoute({
  method: 'get',
  path: '/api/workflows/{job_id}/files/{kind}',
  tags: ['workflows'],
  summary: 'Download a file a job produced',
  request: { params: JobIdParam.extend({ kind: z.enum(['intent', 'stl', 'gcode']).openapi({ param: { name: 'kind', in: 'path' } }) }) },
  responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string() } } }, 404: json(ErrorBody, 'No such file') },
})

export function createWorkflowRoutes(deps: ApiDeps): OpenAPIHono {
  const { orchestrator, jobs, queue, printer, now } = deps
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const mustGet = (id: string) => {
    const job = jobs.get(id)
    if (!job) throw new GatewayError('JOB_NOT_FOUND', `Workflow ${id} not found`)
    return job
  }
  // Phones poll this route: a short-lived cache of the serialised body, dropped whenever the job changes,
  // keeps polling cheap so it cannot starve the serial link that shares this event loop.
  const statusCache = new Map<string, { body: string; at: number }>()
  // Any job change can move others in the queue: drop everything (changes are rare next to polls).
  orchestrator.events.on('job:updated', () => statusCache.clear())
  const STATUS_CACHE_MS = 200
  const fullStatus = (id: string) => {
    const job = mustGet(id)
    return toPrintStatus(job, {
      steps: jobs.steps(id),
      live: orchestrator.live(id),
      temperatures: printer.status().temperatures,
      queuePosition: job.status === 'queued' ? queue.position(id) : null,
      now: now(),
    })
  }

  app.openapi(createJob, (c) => {
    const body = c.req.valid('json')
    const common = {
      userId: body.user_id ?? null,
      printerProfile: body.printer_profile ?? null,
      qualityLevel: body.quality_level ?? null,
      metadata: body.metadata ?? {},
      confirmBeforePrint: body.confirm_before_print ?? null,
      printerId: body.printer_id ?? null,
    }
    let job
    if (body.file_id !== undefined) {
      const file = deps.files.get(body.file_id)
      if (file?.kind === 'stl') deps.plan.resolvePrintProfile(common.printerProfile ?? 'ender3_pla', common.qualityLevel)
      job = orchestrator.createFromFile({ ...common, fileId: body.file_id, allowFirmwareCommands: callerHasScope(c, 'admin') })
    } else {
      deps.plan.resolvePrintProfile(common.printerProfile ?? 'ender3_pla', common.qualityLevel)
      job = orchestrator.createFromText({ ...common, userRequest: body.user_request ?? '' })
    }
    c.header('Location', `/api/status/${job.id}`)
    return c.json(toPrintStatus(job, { steps: jobs.steps(job.id) }), 201)
  })

  app.openapi(getStatus, (c) => {
    const id = c.req.valid('param').job_id
    const at = Date.now()
    let cached = statusCache.get(id)
    if (!cached || at - cached.at > STATUS_CACHE_MS) {
      cached = { body: JSON.stringify(fullStatus(id)), at }
      if (statusCache.size > 1000) statusCache.clear()
      statusCache.set(id, cached)
    }
    return c.body(cached.body, 200, { 'Content-Type': 'application/json' }) as never
  })

  app.openapi(listJobs, (c) => {
    const query = c.req.valid('query')
    const status = query.status_filter ?? query.status
    const { items, total } = jobs.list({ limit: query.limit, offset: query.offset ?? query.skip ?? 0, ...(status !== undefined ? { status } : {}) })
    c.header('X-Total-Count', String(total))
    c.header('Access-Control-Expose-Headers', 'X-Total-Count')
    return c.json(
      items.map((job) => toPrintStatus(job, { live: orchestrator.live(job.id) })),
      200,
    )
  })

  app.openapi(cancelJob, async (c) => {
    await orchestrator.cancel(c.req.valid('param').job_id)
    return c.body(null, 204)
  })

  app.openapi(pauseJob, async (c) => {
    const { job_id } = c.req.valid('param')
    await orchestrator.pause(job_id)
    return c.json(fullStatus(job_id), 200)
  })

  app.openapi(resumeJob, async (c) => {
    const { job_id } = c.req.valid('param')
    await orchestrator.resume(job_id)
    return c.json(fullStatus(job_id), 200)
  })

  app.openapi(reprintJob, (c) => {
    const job = orchestrator.reprint(c.req.valid('param').job_id, { allowFirmwareCommands: callerHasScope(c, 'admin') })
    c.header('Location', `/api/status/${job.id}`)
    return c.json(toPrintStatus(job, { steps: jobs.steps(job.id) }), 201)
  })

  app.openapi(jobEvents, (c) => {
    const { job_id } = c.req.valid('param')
    mustGet(job_id)
    return c.json(jobs.events(job_id, c.req.valid('query').after).map(toEventView), 200)
  })

  app.openapi(jobFile, (c) => {
    const { job_id, kind } = c.req.valid('param')
    const relative = mustGet(job_id).outputs[kind]
    const path = relative ? join(deps.dataDir, relative) : null
    if (!path || !existsSync(path)) throw new GatewayError('FILE_NOT_FOUND', `Workflow ${job_id} has no ${kind} file`)
    c.header('Content-Type', kind === 'intent' ? 'application/json' : kind === 'stl' ? 'model/stl' : 'text/x-gcode')
    c.header('Content-Disposition', `attachment; filename="${job_id}-${basename(path)}"`)
    return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream, 200) as never
  })

  return app
}
