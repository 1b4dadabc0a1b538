// Printer routes: status, connect/disconnect, console command, emergency stop, bed-cleared (starts the next queued job).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { errorResponses } from '../schemas.js'
import type { PrinterStatus } from '../../printer/types.js'
import { GatewayError } from '../../core/errors.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

export const PrinterView = z
  .object({
    state: z.string(),
    reason: z.string().nullable(),
    firmware: z.unknown().nullable(),
    profile: z.string().nullable(),
    flow_mode: z.string(),
    temperatures: z.unknown().nullable(),
    temperatures_age_ms: z.number().nullable().describe('How old the temperature reading is; null before the first'),
    position: z.unknown().nullable(),
    link: z.unknown(),
    job: z.unknown().nullable(),
    active_job_id: z.string().nullable(),
    bed_clear: z.boolean(),
    auto_start: z.boolean().describe('queue.autoStart: the next print starts without a bed-clear confirmation'),
    queue: z.array(z.string()),
    prompt: z.object({ text: z.string(), buttons: z.array(z.string()), answer: z.enum(['M876', 'M108']), since: z.number() }).nullable(),
  })
  .openapi('Printer')

const PromptAnswer = z.strictObject({ choice: z.number().int().min(0).max(31) })

const ConnectBody = z.strictObject({
  port: z.string().min(1).max(300).optional(),
  baud: z.number().int().positive().max(4_000_000).optional(),
  profile: z.string().min(1).max(100).optional(),
})
const ConsoleLine = z
  .string()
  .min(1)
  .max(256)
  .refine((s) => !/[\r\n]/.test(s), 'One line only')
/** printgate's `{command}` (answered with the reply) or OctoPrint's `{commands:[…]}` (answered 204, see src/compat). */
const CommandBody = z.union([z.strictObject({ command: ConsoleLine }), z.strictObject({ commands: z.array(ConsoleLine).min(1).max(64) })])

const routes = {
  status: createRoute({
    method: 'get',
    path: '/api/printer/status',
    tags: ['printer'],
    summary: 'Printer state, firmware, temperatures, position, link statistics',
    description: "printgate's own printer view (the phone UI reads it). `GET /api/printer` is OctoPrint's shape for OctoPrint apps and slicers.",
    responses: { 200: json(PrinterView, 'The printer') },
  }),
  connect: createRoute({
    method: 'post',
    path: '/api/printer/connect',
    tags: ['printer'],
    summary: 'Connect (optionally to another port, baud or profile)',
    request: { body: { content: { 'application/json': { schema: ConnectBody } }, required: false } },
    responses: { 200: json(PrinterView, 'The printer'), ...errorResponses(400, 409, 422, 502, 504) },
  }),
  disconnect: createRoute({
    method: 'post',
    path: '/api/printer/disconnect',
    tags: ['printer'],
    summary: 'Disconnect',
    responses: { 200: json(PrinterView, 'The printer'), ...errorResponses(409) },
  }),
  command: createRoute({
    method: 'post',
    path: '/api/printer/command',
    tags: ['printer'],
    summary: 'Send one console command; answers with the reply lines',
    request: { body: { content: { 'application/json': { schema: CommandBody } }, required: true } },
    responses: {
      200: json(z.object({ command: z.string(), reply: z.array(z.string()) }), 'The reply'),
      204: { description: 'OctoPrint form `{commands:[…]}`: all sent' },
      ...errorResponses(409, 422, 504),
    },
  }),
  ports: createRoute({
    method: 'get',
    path: '/api/printer/ports',
    tags: ['printer'],
    summary: 'Serial ports that look like printers, and the firmware profiles with their baud rates',
    responses: {
      200: json(
        z.object({
          ports: z.array(
            z.object({
              path: z.string(),
              source: z.string().describe('list, by-id, by-path or dev'),
              target: z.string().optional().describe('by-id/by-path: the device the stable name points at'),
              aliases: z.array(z.string()).optional().describe("a device's stable names"),
              manufacturer: z.string().optional(),
              vendorId: z.string().optional(),
              productId: z.string().optional(),
            }),
          ),
          profiles: z.array(z.object({ id: z.string(), name: z.string(), baudRates: z.array(z.number()) })),
        }),
        'Choices for the connection settings',
      ),
    },
  }),
  console: createRoute({
    method: 'get',
    path: '/api/printer/console',
    tags: ['printer'],
    summary: 'Recent console traffic',
    responses: { 200: json(z.array(z.object({ direction: z.string(), line: z.string(), at: z.number() })), 'Lines') },
  }),
  prompt: createRoute({
    method: 'post',
    path: '/api/printer/prompt',
    tags: ['printer'],
    summary: 'Answer what the printer waits for (M0/M1/M600, //action:prompt_*): button `choice` as M876 S<choice>, or M108',
    request: { body: { content: { 'application/json': { schema: PromptAnswer } }, required: true } },
    responses: { 200: json(PrinterView, 'The printer'), ...errorResponses(409, 422) },
  }),
  emergencyStop: createRoute({
    method: 'post',
    path: '/api/printer/emergency-stop',
    tags: ['printer'],
    summary: 'M112 at once; the printer needs a reconnect afterwards',
    responses: { 200: json(PrinterView, 'The printer'), ...errorResponses(409) },
  }),
  bedCleared: createRoute({
    method: 'post',
    path: '/api/printer/bed-cleared',
    tags: ['printer'],
    summary: 'Confirm the bed is clear; the next queued job starts',
    responses: { 200: json(PrinterView, 'The printer') },
  }),
}

/** Milliseconds since the printer last reported a temperature, by the gateway's clock. */
export function readingAgeMs(deps: Pick<ApiDeps, 'temperatureHistory' | 'now'>): number | null {
  const at = deps.temperatureHistory?.lastReadingAt() ?? null
  return at === null ? null : Math.max(0, deps.now().getTime() - at)
}

export function toPrinterView(
  status: PrinterStatus,
  deps: Pick<ApiDeps, 'orchestrator' | 'queue' | 'temperatureHistory' | 'now' | 'queueAutoStart'>,
): z.infer<typeof PrinterView> {
  return {
    state: status.state,
    reason: status.reason,
    firmware: status.firmware,
    profile: status.firmware?.profile ?? null,
    flow_mode: status.flowMode,
    temperatures: status.temperatures,
    temperatures_age_ms: readingAgeMs(deps),
    position: status.position,
    link: status.link,
    job: status.job,
    active_job_id: deps.orchestrator.activeJobId(),
    bed_clear: deps.orchestrator.isBedClear(),
    auto_start: deps.queueAutoStart ?? false,
    queue: deps.queue.list(),
    prompt: status.prompt ?? null,
  }
}

export function createPrinterRoutes(deps: ApiDeps): OpenAPIHono {
  const { printer } = deps
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const view = () => toPrinterView(printer.status(), deps)

  app.openapi(routes.status, (c) => c.json(view(), 200))
  app.openapi(routes.connect, async (c) => {
    const hasBody = (c.req.header('content-type') ?? '').includes('json') && c.req.header('content-length') !== '0'
    const body = hasBody ? c.req.valid('json') : {}
    await printer.connect(body)
    return c.json(view(), 200)
  })
  app.openapi(routes.disconnect, async (c) => {
    await printer.disconnect()
    return c.json(view(), 200)
  })
  app.openapi(routes.command, async (c) => {
    const body = c.req.valid('json')
    if ('commands' in body) {
      for (const line of body.commands) await printer.sendCommand(line)
      return c.body(null, 204)
    }
    const command = body.command
    return c.json({ command, reply: await printer.sendCommand(command) }, 200)
  })
  app.openapi(routes.ports, async (c) => c.json(await deps.printer.listPorts(), 200))
  app.openapi(routes.console, (c) => c.json(printer.recentConsole(), 200))
  app.openapi(routes.prompt, async (c) => {
    const { choice } = c.req.valid('json')
    const prompt = printer.status().prompt
    if (!prompt) throw new GatewayError('PROMPT_NOT_OPEN')
    if (choice >= prompt.buttons.length)
      throw new GatewayError('VALIDATION_FAILED', `The prompt has ${prompt.buttons.length} button(s); choice ${choice} is not one`)
    await printer.sendCommand(prompt.answer === 'M876' ? `M876 S${choice}` : 'M108')
    return c.json(view(), 200)
  })
  app.openapi(routes.emergencyStop, async (c) => {
    await printer.emergencyStop()
    return c.json(view(), 200)
  })
  app.openapi(routes.bedCleared, async (c) => {
    await deps.orchestrator.bedCleared()
    return c.json(view(), 200)
  })
  return app
}
