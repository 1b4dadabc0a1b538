// Several printers per gateway: GET /api/printers and /api/printers/{printer_id}/… (status, connect, console, controls, Control sheet, jobs, print a file, temperature history).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { compress } from 'hono/compress'
import { callerHasScope } from '../../auth/access-control.js'
import { GatewayError } from '../../core/errors.js'
import { createPrinters } from '../../farm/registry.js'
import type { PrinterUnit, Printers } from '../../farm/types.js'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { errorResponses, ListQuery, PrintStatus } from '../schemas.js'
import { toPrintStatus } from '../views.js'
import { ControlAction, ControlSent, runControl } from './control.js'
import { PrinterView, toPrinterView } from './printer.js'
import { HistoryView, toHistoryView } from './temperature-history-view.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

const PrinterIdParam = z.object({
  printer_id: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: 'printer_id', in: 'path' }, example: 'default' }),
})
const FileParam = PrinterIdParam.extend({
  file_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'file_id', in: 'path' } }),
})

export const PrinterEntryView = PrinterView.extend({
  id: z.string(),
  name: z.string(),
  main: z.boolean().describe('The printer the single-printer API (/api/printer/…, compat layers) drives'),
  bed: z.object({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  camera: z.object({ name: z.string(), snapshot_url: z.string(), stream_url: z.string() }).nullable().describe('The camera tied to this printer'),
}).openapi('PrinterEntry')

const ConnectBody = z.strictObject({
  port: z.string().min(1).max(300).optional(),
  baud: z.number().int().positive().max(4_000_000).optional(),
  profile: z.string().min(1).max(100).optional(),
})
const CommandBody = z.strictObject({
  command: z
    .string()
    .min(1)
    .max(256)
    .refine((s) => !/[\r\n]/.test(s), 'One line only'),
})
const PrintBody = z.strictObject({ confirm_before_print: z.boolean().nullish(), user_id: z.string().max(200).nullish() })

const tag = ['printers']
const control = (name: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/printers/{printer_id}/${name}`,
    tags: tag,
    summary,
    request: { params: PrinterIdParam },
    responses: { 200: json(PrinterEntryView, 'The printer'), ...errorResponses(404, 409) },
  })

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/printers',
    tags: tag,
    summary: "The gateway's printers with their state",
    responses: { 200: json(z.object({ printers: z.array(PrinterEntryView) }), 'Printers, the main one first') },
  }),
  one: createRoute({
    method: 'get',
    path: '/api/printers/{printer_id}',
    tags: tag,
    summary: 'One printer',
    request: { params: PrinterIdParam },
    responses: { 200: json(PrinterEntryView, 'The printer'), ...errorResponses(404) },
  }),
  status: createRoute({
    method: 'get',
    path: '/api/printers/{printer_id}/status',
    tags: tag,
    summary: "One printer's state, temperatures, job and queue",
    request: { params: PrinterIdParam },
    responses: { 200: json(PrinterEntryView, 'The printer'), ...errorResponses(404) },
  }),
  connect: createRoute({
    method: 'post',
    path: '/api/printers/{printer_id}/connect',
    tags: tag,
    summary: 'Connect (optionally to another port, baud or profile)',
    request: { params: PrinterIdParam, body: { content: { 'application/json': { schema: ConnectBody } }, required: false } },
    responses: { 200: json(PrinterEntryView, 'The printer'), ...errorResponses(400, 404, 409, 422, 502, 504) },
  }),
  disconnect: control('disconnect', 'Disconnect'),
  emergencyStop: control('emergency-stop', 'M112 at once'),
  bedCleared: control('bed-cleared', "Confirm this printer's bed is clear; its next queued job starts"),
  pause: control('pause', "Pause this printer's running print"),
  resume: control('resume', "Resume this printer's paused print"),
  cancel: control('cancel', "Cancel this printer's running print"),
  console: createRoute({
    method: 'get',
    path: '/api/printers/{printer_id}/console',
    tags: tag,
    summary: 'Recent console traffic',
    request: { params: PrinterIdParam },
    responses: { 200: json(z.array(z.object({ direction: z.string(), line: z.string(), at: z.number() })), 'Lines'), ...errorResponses(404) },
  }),
  command: createRoute({
    method: 'post',
    path: '/api/printers/{printer_id}/command',
    tags: tag,
    summary: 'Send one console command; answers with the reply lines',
    request: { params: PrinterIdParam, body: { content: { 'application/json': { schema: CommandBody } }, required: true } },
    responses: { 200: json(z.object({ command: z.string(), reply: z.array(z.string()) }), 'The reply'), ...errorResponses(404, 409, 422, 504) },
  }),
  controlAction: createRoute({
    method: 'post',
    path: '/api/printers/{printer_id}/control',
    tags: tag,
    summary: 'The Control sheet on this printer (as POST /api/printer/control): motion is refused while it prints, baby-steps need a print',
    request: { params: PrinterIdParam, body: { content: { 'application/json': { schema: ControlAction } }, required: true } },
    responses: { 200: json(ControlSent, 'The lines sent'), ...errorResponses(404, 409, 422, 504) },
  }),
  jobs: createRoute({
    method: 'get',
    path: '/api/printers/{printer_id}/jobs',
    tags: tag,
    summary: "This printer's jobs, newest first (the total is in X-Total-Count)",
    request: { params: PrinterIdParam, query: ListQuery },
    responses: { 200: { ...json(z.array(PrintStatus), 'Jobs'), headers: z.object({ 'x-total-count': z.string() }) }, ...errorResponses(404, 422) },
  }),
  history: createRoute({
    method: 'get',
    path: '/api/printers/{printer_id}/temperature-history',
    tags: tag,
    summary: "This printer's temperatures over the last 30 minutes, kept by the gateway",
    request: { params: PrinterIdParam },
    responses: { 200: json(HistoryView, 'Samples'), ...errorResponses(404) },
  }),
  printFile: createRoute({
    method: 'post',
    path: '/api/printers/{printer_id}/files/{file_id}/print',
    tags: tag,
    summary: 'Print an uploaded file on this printer (a new job)',
    request: { params: FileParam, body: { content: { 'application/json': { schema: PrintBody } }, required: false } },
    responses: { 201: json(PrintStatus, 'The new job'), ...errorResponses(404, 422, 503) },
  }),
}

/** The gateway's printers; a gateway composed without a registry has its one printer as `default`. */
export function printersFrom(deps: ApiDeps): Printers {
  return (
    deps.printers ??
    createPrinters(
      [
        {
          id: 'default',
          name: 'Printer',
          printer: deps.printer,
          orchestrator: deps.orchestrator,
          queue: deps.queue,
          jobs: deps.jobs,
          ...(deps.temperatureHistory ? { temperatureHistory: deps.temperatureHistory } : {}),
        },
      ],
      deps.jobs,
    )
  )
}

export function toPrinterEntry(unit: PrinterUnit, main: boolean, deps: Pick<ApiDeps, 'now' | 'queueAutoStart'>): z.infer<typeof PrinterEntryView> {
  const view = toPrinterView(unit.printer.status(), { orchestrator: unit.orchestrator, queue: unit.queue, now: deps.now, queueAutoStart: deps.queueAutoStart })
  const at = unit.temperatureHistory?.lastReadingAt() ?? null
  const camera = unit.camera ? { name: unit.camera.name, snapshot_url: unit.camera.snapshotUrl, stream_url: unit.camera.streamUrl } : null
  return {
    id: unit.id,
    name: unit.name,
    main,
    bed: unit.bed ?? null,
    camera,
    ...view,
    temperatures_age_ms: at === null ? null : Math.max(0, deps.now().getTime() - at),
  }
}

export function createPrintersRoutes(deps: ApiDeps): OpenAPIHono {
  const printers = printersFrom(deps)
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const entry = (unit: PrinterUnit) => toPrinterEntry(unit, unit === printers.main, deps)
  const unitOf = (c: { req: { param(name: 'printer_id'): string } }) => printers.get(c.req.param('printer_id'))
  const activeJob = (unit: PrinterUnit) => {
    const id = unit.orchestrator.activeJobId()
    if (!id) throw new GatewayError('PRINTER_NOT_PRINTING', `Printer ${unit.id} has no print running`)
    return id
  }

  app.openapi(routes.list, (c) => c.json({ printers: printers.list().map(entry) }, 200))
  app.openapi(routes.one, (c) => c.json(entry(unitOf(c)), 200))
  app.openapi(routes.status, (c) => c.json(entry(unitOf(c)), 200))
  app.openapi(routes.connect, async (c) => {
    const unit = unitOf(c)
    const hasBody = (c.req.header('content-type') ?? '').includes('json') && c.req.header('content-length') !== '0'
    await unit.printer.connect(hasBody ? c.req.valid('json') : {})
    return c.json(entry(unit), 200)
  })
  const act = (route: ReturnType<typeof control>, fn: (unit: PrinterUnit) => Promise<unknown>) =>
    app.openapi(route, async (c) => {
      const unit = unitOf(c)
      await fn(unit)
      return c.json(entry(unit), 200)
    })
  act(routes.disconnect, (u) => u.printer.disconnect())
  act(routes.emergencyStop, (u) => u.printer.emergencyStop())
  act(routes.bedCleared, (u) => u.orchestrator.bedCleared())
  act(routes.pause, (u) => u.orchestrator.pause(activeJob(u)))
  act(routes.resume, (u) => u.orchestrator.resume(activeJob(u)))
  act(routes.cancel, (u) => u.orchestrator.cancel(activeJob(u)))
  app.openapi(routes.console, (c) => c.json(unitOf(c).printer.recentConsole(), 200))
  app.openapi(routes.command, async (c) => {
    const { command } = c.req.valid('json')
    return c.json({ command, reply: await unitOf(c).printer.sendCommand(command) }, 200)
  })
  app.openapi(routes.controlAction, async (c) => c.json({ sent: await runControl(unitOf(c).printer, c.req.valid('json')) }, 200))
  app.use('/api/printers/:printer_id/temperature-history', compress())
  app.openapi(routes.history, (c) => {
    const unit = unitOf(c)
    if (!unit.temperatureHistory) throw new GatewayError('NOT_FOUND', `This gateway keeps no temperature history for printer ${unit.id}`)
    return c.json(toHistoryView(unit.temperatureHistory, deps.now().getTime()), 200)
  })
  app.openapi(routes.jobs, (c) => {
    const unit = unitOf(c)
    const query = c.req.valid('query')
    const status = query.status_filter ?? query.status
    const { items, total } = deps.jobs.list({
      limit: query.limit,
      offset: query.offset ?? query.skip ?? 0,
      printerId: unit.id,
      ...(status !== undefined ? { status } : {}),
    })
    c.header('X-Total-Count', String(total))
    return c.json(
      items.map((job) => toPrintStatus(job, { live: unit.orchestrator.live(job.id) })),
      200,
    )
  })
  app.openapi(routes.printFile, (c) => {
    const unit = unitOf(c)
    const { file_id } = c.req.valid('param')
    const hasBody = (c.req.header('content-type') ?? '').includes('json') && c.req.header('content-length') !== '0'
    const body = hasBody ? c.req.valid('json') : {}
    const job = unit.orchestrator.createFromFile({
      fileId: file_id,
      userId: body.user_id ?? null,
      confirmBeforePrint: body.confirm_before_print ?? null,
      allowFirmwareCommands: callerHasScope(c, 'admin'),
    })
    c.header('Location', `/api/status/${job.id}`)
    return c.json(toPrintStatus(job, { steps: deps.jobs.steps(job.id) }), 201)
  })
  return app
}
