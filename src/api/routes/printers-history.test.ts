// GET /api/printers/{printer_id}/temperature-history: each printer's own samples, read from the gateway's history, never from the link.
import { OpenAPIHono } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { createEmitter } from '../../core/events.js'
import { silentLogger } from '../../core/logger.js'
import { createPrinters } from '../../farm/registry.js'
import type { PrinterUnit } from '../../farm/types.js'
import type { PrinterEvents, PrinterService } from '../../printer/types.js'
import { createTemperatureHistory } from '../../telemetry/temperature-history.js'
import type { ApiDeps } from '../deps.js'
import { createErrorHandler } from '../errors.js'
import { createPrintersRoutes } from './printers.js'

/** A printer link that fails the test if a history request reaches it. */
const untouchable = new Proxy({} as PrinterService, {
  get: (_target, name) => {
    throw new Error(`the history route touched the printer link (${String(name)})`)
  },
})

function setup() {
  let now = 1_000_000
  const events = { a: createEmitter<PrinterEvents>(), b: createEmitter<PrinterEvents>() }
  const history = (id: 'a' | 'b') => createTemperatureHistory({ events: events[id], now: () => now, intervalMs: 2000 })
  const unit = (id: string, extra: Partial<PrinterUnit>): PrinterUnit =>
    ({ id, name: id, printer: untouchable, orchestrator: null, queue: null, jobs: null, ...extra }) as unknown as PrinterUnit
  const units = [unit('a', { temperatureHistory: history('a') }), unit('b', { temperatureHistory: history('b') }), unit('c', {})]
  const deps = { printers: createPrinters(units, { get: () => null }), now: () => new Date(now) } as unknown as ApiDeps
  const app = new OpenAPIHono()
  app.onError(createErrorHandler(silentLogger))
  app.route('/', createPrintersRoutes(deps))
  const report = (id: 'a' | 'b', tool: number, bed: number) =>
    events[id].emit('printer:temperature', { tools: [{ actual: tool, target: 215 }], bed: { actual: bed, target: 60 } })
  return {
    app,
    report,
    advance: (ms: number) => (now += ms),
    get: async (id: string) => {
      const res = await app.request(`/api/printers/${id}/temperature-history`)
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    },
  }
}

describe('per-printer temperature history', () => {
  it("serves each printer's own samples in the main history's shape", async () => {
    const t = setup()
    t.report('a', 100, 40)
    t.report('b', 30, 25)
    t.advance(2000)
    t.report('a', 150, 50)
    const a = await t.get('a')
    expect(a.status).toBe(200)
    expect(a.body).toEqual({
      now: 1_002_000,
      interval_ms: 2000,
      window_seconds: 1800,
      last_reading_at: 1_002_000,
      samples: [
        [1_000_000, 100, 215, 40, 60],
        [1_002_000, 150, 215, 50, 60],
      ],
    })
    const b = await t.get('b')
    expect(b.body.samples).toEqual([[1_000_000, 30, 215, 25, 60]])
    expect(b.body.last_reading_at).toBe(1_000_000)
  })

  it('answers 404 with a stable code for an unknown printer and for one without a history', async () => {
    const t = setup()
    expect(await t.get('nope')).toMatchObject({ status: 404, body: { error: 'PRINTER_NOT_FOUND' } })
    expect(await t.get('c')).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } })
  })
})
