// Printer control for the phone's Control sheet: preheat from the material catalogue, cool down, home, jog, fan, speed, flow, baby-step Z; temperature history.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { compress } from 'hono/compress'
import { GatewayError } from '../../core/errors.js'
import { MATERIAL_IDS, materials } from '../../plan/catalogue.js'
import type { PrinterService, PrinterState } from '../../printer/types.js'
import type { TemperatureHistory } from '../../telemetry/temperature-history.js'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { errorResponses } from '../schemas.js'
import { HistoryView, toHistoryView } from './temperature-history-view.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

export const JOG_STEPS_MM = [0.1, 1, 10, 50] as const
export const BABYSTEP_MM = [0.02, 0.05] as const
const JOG_FEED = { x: 3000, y: 3000, z: 600 } as const

export const ControlAction = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('preheat'), material: z.enum(MATERIAL_IDS) }),
    z.strictObject({ action: z.literal('cooldown') }),
    z.strictObject({
      action: z.literal('home'),
      axes: z
        .array(z.enum(['x', 'y', 'z']))
        .min(1)
        .max(3)
        .optional(),
    }),
    z.strictObject({
      action: z.literal('jog'),
      axis: z.enum(['x', 'y', 'z']),
      distance: z.number().refine((d) => (JOG_STEPS_MM as readonly number[]).includes(Math.abs(d)), `One of ±${JOG_STEPS_MM.join(', ±')} mm`),
    }),
    z.strictObject({ action: z.literal('fan'), percent: z.number().int().min(0).max(100) }),
    z.strictObject({ action: z.literal('speed'), percent: z.number().int().min(10).max(300) }),
    z.strictObject({ action: z.literal('flow'), percent: z.number().int().min(50).max(200) }),
    z.strictObject({
      action: z.literal('babystep'),
      z: z.number().refine((d) => (BABYSTEP_MM as readonly number[]).includes(Math.abs(d)), `One of ±${BABYSTEP_MM.join(', ±')} mm`),
    }),
  ])
  .openapi('ControlAction')
export type ControlAction = z.infer<typeof ControlAction>

const MOTION = new Set<ControlAction['action']>(['home', 'jog'])
const PRINTING: readonly PrinterState[] = ['printing', 'paused']

/** The G-code for one action, or the stable refusal for the printer's state. */
export function controlLines(action: ControlAction, state: PrinterState): string[] {
  if (MOTION.has(action.action) && PRINTING.includes(state)) {
    throw new GatewayError('PRINTER_BUSY', 'Moving the axes is refused while a print runs or is paused; the print owns the motion')
  }
  if (action.action === 'babystep' && state !== 'printing') throw new GatewayError('PRINTER_NOT_PRINTING', 'Baby-stepping adjusts Z during a print only')
  const fixed = (n: number) => String(Number(n.toFixed(3)))
  switch (action.action) {
    case 'preheat': {
      const m = materials[action.material]
      return [`M104 S${m.hotendC}`, `M140 S${m.bedC}`]
    }
    case 'cooldown':
      return ['M104 S0', 'M140 S0']
    case 'home':
      return [action.axes ? `G28 ${[...new Set(action.axes)].map((a) => a.toUpperCase()).join(' ')}` : 'G28']
    case 'jog':
      return ['G91', `G1 ${action.axis.toUpperCase()}${fixed(action.distance)} F${JOG_FEED[action.axis]}`, 'G90']
    case 'fan':
      return [action.percent === 0 ? 'M107' : `M106 S${Math.round((action.percent * 255) / 100)}`]
    case 'speed':
      return [`M220 S${action.percent}`]
    case 'flow':
      return [`M221 S${action.percent}`]
    case 'babystep':
      return [`M290 Z${fixed(action.z)}`]
  }
}

/** Runs one action on a printer (the main one or one of several): its state checked, then each line sent in turn. */
export async function runControl(printer: Pick<PrinterService, 'status' | 'sendCommand'>, action: ControlAction): Promise<string[]> {
  const state = printer.status().state
  if (state === 'error') throw new GatewayError('EMERGENCY_STOPPED', 'The printer stopped with an error; reconnect it first')
  if (state !== 'operational' && state !== 'printing' && state !== 'paused') throw new GatewayError('PRINTER_NOT_CONNECTED')
  const lines = controlLines(action, state)
  for (const line of lines) await printer.sendCommand(line)
  return lines
}

export const ControlSent = z.object({ sent: z.array(z.string()) })

const Preset = z.object({ id: z.string(), name: z.string(), hotend: z.number(), bed: z.number() })
const routes = {
  presets: createRoute({
    method: 'get',
    path: '/api/printer/presets',
    tags: ['printer'],
    summary: "Preheat temperatures per material (the planner's catalogue)",
    responses: { 200: json(z.object({ presets: z.array(Preset) }), 'Presets') },
  }),
  control: createRoute({
    method: 'post',
    path: '/api/printer/control',
    tags: ['printer'],
    summary: 'Preheat, cool down, home, jog, fan, speed and flow factors, baby-step Z; motion is refused while printing, baby-steps need a print',
    request: { body: { content: { 'application/json': { schema: ControlAction } }, required: true } },
    responses: { 200: json(ControlSent, 'The lines sent'), ...errorResponses(409, 422, 504) },
  }),
  history: createRoute({
    method: 'get',
    path: '/api/printer/temperature-history',
    tags: ['printer'],
    summary: 'Temperatures over the last 30 minutes, kept by the gateway',
    responses: { 200: json(HistoryView, 'Samples') },
  }),
}

export function createControlRoutes(
  deps: Pick<ApiDeps, 'printer'> & { temperatureHistory?: TemperatureHistory | undefined; nowMs?: () => number },
): OpenAPIHono {
  const { printer } = deps
  const app = new OpenAPIHono({ defaultHook: validationHook })
  app.openapi(routes.presets, (c) =>
    c.json({ presets: Object.values(materials).map((m) => ({ id: m.id, name: m.name, hotend: m.hotendC, bed: m.bedC })) }, 200),
  )
  app.openapi(routes.control, async (c) => c.json({ sent: await runControl(printer, c.req.valid('json')) }, 200))
  const history = deps.temperatureHistory
  if (history) {
    app.use(routes.history.path, compress())
    app.openapi(routes.history, (c) => c.json(toHistoryView(history, (deps.nowMs ?? Date.now)()), 200))
  }
  return app
}
