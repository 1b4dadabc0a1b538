// Power-loss recovery routes: what an interrupted print's journal says, and resuming it from a layer the user confirmed.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { RecoveryService } from '../../recovery/recovery-service.js'
import { validationHook } from '../errors.js'
import { errorResponses, JobIdParam, PrintStatus } from '../schemas.js'
import type { ApiDeps } from '../deps.js'
import { toPrintStatus } from '../views.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

const RecoveryView = z
  .object({
    job_id: z.string(),
    stopped_at: z.object({
      layer: z.number().nullable(),
      layer_z: z.number().nullable(),
      print_z: z.number().nullable(),
      byte_offset: z.number(),
      file_line: z.number(),
      bytes_total: z.number(),
      recorded_at: z.string(),
      hotend_target: z.number().nullable(),
      bed_target: z.number().nullable(),
      relative_e: z.boolean(),
      fan: z.number(),
    }),
    layers: z.array(z.object({ layer: z.number(), z: z.number().nullable(), file_line: z.number() })),
    suggested_layer: z.number().nullable(),
    lowest_layer: z.number().nullable(),
    printer_recovery: z
      .object({
        available: z.boolean(),
        saved_line: z.number().nullable(),
        file_line: z.number().nullable(),
        layer: z.number().nullable(),
        automatic: z.boolean(),
        reason: z.string().nullable(),
      })
      .openapi({ description: "The printer's own power-loss recovery (Prusa power panic), preferred when available" }),
    warning: z.string(),
  })
  .openapi('RecoveryView')

const ResumeBody = z
  .strictObject({
    mode: z
      .enum(['layer', 'printer'])
      .default('layer')
      .openapi({ description: "`printer`: the printer's own recovery continues the print; `layer`: printgate's preamble from `layer`" }),
    layer: z.number().int().min(0).max(1_000_000).optional(),
    confirm: z.boolean().openapi({ description: 'true once the user has checked the part on the bed' }),
  })
  .openapi('RecoverRequest')

const getRecovery = createRoute({
  method: 'get',
  path: '/api/workflows/{job_id}/recovery',
  tags: ['workflows'],
  summary: 'Where an interrupted print stopped, and the layers it can resume at',
  request: { params: JobIdParam },
  responses: { 200: json(RecoveryView, 'The power-loss record'), ...errorResponses(404, 409) },
})
const recover = createRoute({
  method: 'post',
  path: '/api/workflows/{job_id}/recover',
  tags: ['workflows'],
  summary:
    "Resume an interrupted print as a new job: from a layer (heat, set Z without homing it, home X/Y, purge, continue), or with the printer's own recovery (mode printer: M602, then the file after the line it saved)",
  request: { params: JobIdParam, body: { content: { 'application/json': { schema: ResumeBody } }, required: true } },
  responses: { 201: json(PrintStatus, 'The resumed print, queued'), ...errorResponses(400, 404, 409, 422) },
})

export function createRecoveryRoutes(deps: Pick<ApiDeps, 'jobs'> & { recovery: RecoveryService }): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook })
  app.openapi(getRecovery, async (c) => {
    const view = await deps.recovery.inspect(c.req.valid('param').job_id)
    const r = view.record
    return c.json(
      {
        job_id: view.jobId,
        stopped_at: {
          layer: r.layer,
          layer_z: r.layerZ,
          print_z: r.printZ,
          byte_offset: r.byteOffset,
          file_line: r.fileLine,
          bytes_total: r.bytesTotal,
          recorded_at: r.writtenAt,
          hotend_target: r.hotendTarget,
          bed_target: r.bedTarget,
          relative_e: r.relativeE,
          fan: r.fan,
        },
        layers: view.choices.layers.map((l) => ({ layer: l.layer, z: l.z, file_line: l.fileLine })),
        suggested_layer: view.choices.suggestedLayer,
        lowest_layer: view.choices.lowestLayer,
        printer_recovery: {
          available: view.printerRecovery.available,
          saved_line: view.printerRecovery.savedLine,
          file_line: view.printerRecovery.fileLine,
          layer: view.printerRecovery.layer,
          automatic: view.printerRecovery.automatic,
          reason: view.printerRecovery.reason,
        },
        warning: view.warning,
      },
      200,
    )
  })
  app.openapi(recover, async (c) => {
    const job = await deps.recovery.resume(c.req.valid('param').job_id, c.req.valid('json'))
    c.header('Location', `/api/status/${job.id}`)
    return c.json(toPrintStatus(job, { steps: deps.jobs.steps(job.id) }), 201)
  })
  return app
}
