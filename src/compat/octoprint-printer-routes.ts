// OctoPrint's printer routes: GET /api/printer (documented in the OpenAPI), tool and bed targets/offsets, printhead jog/home/feedrate.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { Hono } from 'hono'
import { GatewayError } from '../core/errors.js'
import type { PrinterService } from '../printer/types.js'
import type { CompatDeps } from './deps.js'
import { printerBody, stateFlags } from './octoprint-shapes.js'
import type { PrinterWatch } from './printer-watch.js'
import { readCommand } from './request-context.js'

const Temp = z.number().min(0).max(500)
const ToolBody = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('target'), targets: z.record(z.string().regex(/^tool\d$/), Temp) }),
  z.strictObject({ command: z.literal('offset'), offsets: z.record(z.string().regex(/^tool\d$/), z.number().min(-50).max(50)) }),
  z.strictObject({ command: z.literal('select'), tool: z.string().regex(/^tool\d$/) }),
  z.strictObject({ command: z.literal('extrude'), amount: z.number().min(-100).max(100), speed: z.number().positive().max(10_000).optional() }),
  z.strictObject({ command: z.literal('flowrate'), factor: z.number().min(75).max(125) }),
])
const BedBody = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('target'), target: Temp }),
  z.strictObject({ command: z.literal('offset'), offset: z.number().min(-50).max(50) }),
])
const Axis = z.number().min(-1000).max(1000)
const PrintheadBody = z.discriminatedUnion('command', [
  z.strictObject({
    command: z.literal('jog'),
    x: Axis.optional(),
    y: Axis.optional(),
    z: Axis.optional(),
    absolute: z.boolean().optional(),
    speed: z.union([z.number().positive().max(20_000), z.boolean()]).optional(),
  }),
  z.strictObject({ command: z.literal('home'), axes: z.array(z.enum(['x', 'y', 'z'])).min(1) }),
  z.strictObject({ command: z.literal('feedrate'), factor: z.number().min(50).max(200) }),
])

const Heater = z.object({ actual: z.number(), target: z.number().nullable(), offset: z.number() })
export const OctoPrintPrinter = z
  .object({
    temperature: z
      .record(z.string(), z.union([Heater, z.array(z.unknown())]))
      .optional()
      .openapi({ description: '`tool0`, `bed` (and `chamber`); `history` with `?history=true`' }),
    sd: z.object({ ready: z.boolean() }).optional(),
    state: z.object({ text: z.string(), flags: z.record(z.string(), z.boolean()), error: z.string() }).optional(),
  })
  .openapi('OctoPrintPrinter')

const printerRoute = createRoute({
  method: 'get',
  path: '/api/printer',
  tags: ['octoprint'],
  summary: "OctoPrint's printer state (for OctoPrint apps and slicers); printgate's own view is GET /api/printer/status",
  description:
    "Answers in OctoPrint's shape for every caller. `exclude=temperature,sd,state` drops parts; `history=true&limit=n` adds the temperature history. 409 when the printer is not connected, as OctoPrint does.",
  request: { query: z.object({ exclude: z.string().max(100).optional(), history: z.string().max(10).optional(), limit: z.string().max(10).optional() }) },
  responses: {
    200: { description: 'The printer', content: { 'application/json': { schema: OctoPrintPrinter } } },
    409: { description: 'The printer is not operational' },
  },
})

function needOperational(printer: Pick<PrinterService, 'status'>, allowPrinting: boolean): void {
  const state = printer.status().state
  if (!stateFlags(state).operational) throw new GatewayError('PRINTER_NOT_CONNECTED')
  if (!allowPrinting && (state === 'printing' || state === 'paused')) throw new GatewayError('PRINTER_BUSY', 'Not while a print is running')
}

/** The documented `GET /api/printer`. */
export function createOctoPrintPrinterDoc(deps: CompatDeps, watch: PrinterWatch): OpenAPIHono {
  const app = new OpenAPIHono()
  app.openapi(printerRoute, (c) => {
    needOperational(deps.printer, true)
    const q = c.req.valid('query')
    const limit = Math.max(1, Math.min(300, Number(q.limit ?? 300) || 300))
    const history =
      q.history === 'true'
        ? watch.temperatures
            .all()
            .slice(-limit)
            .map((s) => ({ time: s.time, ...printerBody({ ...deps.printer.status(), temperatures: s.temperatures }).temperature }))
        : undefined
    return c.json(
      printerBody(deps.printer.status(), {
        offsets: watch.offsets(),
        exclude: q.exclude?.split(',').map((s) => s.trim()) ?? [],
        ...(history ? { history } : {}),
      }),
      200,
    )
  })
  return app
}

export function createOctoPrintPrinterRoutes(deps: CompatDeps, watch: PrinterWatch): Hono {
  const { printer } = deps
  const app = new Hono()
  const send = async (lines: string[]) => {
    for (const line of lines) await printer.sendCommand(line)
  }
  app.post('/api/printer/tool', async (c) => {
    const body = await readCommand(c, ToolBody)
    needOperational(printer, body.command === 'target' || body.command === 'offset' || body.command === 'flowrate')
    if (body.command === 'target') await send(Object.entries(body.targets).map(([tool, t]) => `M104 T${tool.slice(4)} S${Math.round(t)}`))
    else if (body.command === 'offset') Object.entries(body.offsets).forEach(([tool, o]) => watch.setOffset(tool, o))
    else if (body.command === 'select') await send([`T${body.tool.slice(4)}`])
    else if (body.command === 'extrude') await send(['M83', `G1 E${body.amount} F${body.speed ?? 300}`, 'M82'])
    else await send([`M221 S${Math.round(body.factor)}`])
    return c.body(null, 204)
  })
  app.post('/api/printer/bed', async (c) => {
    const body = await readCommand(c, BedBody)
    needOperational(printer, true)
    if (body.command === 'target') await send([`M140 S${Math.round(body.target)}`])
    else watch.setOffset('bed', body.offset)
    return c.body(null, 204)
  })
  app.post('/api/printer/printhead', async (c) => {
    const body = await readCommand(c, PrintheadBody)
    needOperational(printer, body.command === 'feedrate')
    if (body.command === 'home') await send([`G28 ${body.axes.map((a) => a.toUpperCase()).join(' ')}`])
    else if (body.command === 'feedrate') await send([`M220 S${Math.round(body.factor)}`])
    else {
      const axes = (['x', 'y', 'z'] as const).filter((a) => body[a] !== undefined).map((a) => `${a.toUpperCase()}${body[a]}`)
      if (axes.length === 0) throw new GatewayError('BAD_REQUEST', 'A jog needs at least one of x, y, z')
      const feed = typeof body.speed === 'number' ? ` F${body.speed}` : ''
      await send(body.absolute ? ['G90', `G0 ${axes.join(' ')}${feed}`] : ['G91', `G0 ${axes.join(' ')}${feed}`, 'G90'])
    }
    return c.body(null, 204)
  })
  return app
}
