// POST /api/printers/{printer_id}/control: the Control sheet on one printer of several, with the main printer's safety rules.
import { OpenAPIHono } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../core/logger.js'
import { materials } from '../../plan/catalogue.js'
import { createPrinters } from '../../farm/registry.js'
import type { PrinterUnit } from '../../farm/types.js'
import type { PrinterState } from '../../printer/types.js'
import type { ApiDeps } from '../deps.js'
import { createErrorHandler } from '../errors.js'
import { createPrintersRoutes } from './printers.js'

/** A printer link that records what reaches it; only status() and sendCommand() may be touched. */
function link(state: PrinterState) {
  const sent: string[] = []
  const printer = {
    state,
    sent,
    status: () => ({ state: printer.state }),
    sendCommand: async (line: string) => {
      sent.push(line)
      return ['ok']
    },
  }
  return printer
}

function setup() {
  const a = link('operational')
  const b = link('operational')
  const unit = (id: string, printer: ReturnType<typeof link>) =>
    ({ id, name: id, printer, orchestrator: null, queue: null, jobs: null }) as unknown as PrinterUnit
  const deps = { printers: createPrinters([unit('a', a), unit('b', b)], { get: () => null }), now: () => new Date(0) } as unknown as ApiDeps
  const app = new OpenAPIHono()
  app.onError(createErrorHandler(silentLogger))
  app.route('/', createPrintersRoutes(deps))
  const post = async (id: string, body: unknown) => {
    const res = await app.request(`/api/printers/${id}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  return { a, b, post }
}

describe('the Control sheet on one printer of several', () => {
  it('sends each action to the addressed printer only', async () => {
    const t = setup()
    const pla = materials.PLA
    expect(await t.post('b', { action: 'preheat', material: 'PLA' })).toEqual({ status: 200, body: { sent: [`M104 S${pla.hotendC}`, `M140 S${pla.bedC}`] } })
    expect(await t.post('b', { action: 'jog', axis: 'z', distance: 10 })).toEqual({ status: 200, body: { sent: ['G91', 'G1 Z10 F600', 'G90'] } })
    expect(t.b.sent).toEqual([`M104 S${pla.hotendC}`, `M140 S${pla.bedC}`, 'G91', 'G1 Z10 F600', 'G90'])
    expect(t.a.sent).toEqual([])
    expect(await t.post('a', { action: 'cooldown' })).toMatchObject({ status: 200 })
    expect(t.a.sent).toEqual(['M104 S0', 'M140 S0'])
  })

  it('refuses motion while that printer prints or is paused, and baby-steps while it does not print', async () => {
    const t = setup()
    t.b.state = 'printing'
    expect(await t.post('b', { action: 'jog', axis: 'x', distance: 1 })).toMatchObject({ status: 409, body: { error: 'PRINTER_BUSY' } })
    expect(await t.post('a', { action: 'jog', axis: 'x', distance: 1 })).toMatchObject({ status: 200 })
    t.b.state = 'paused'
    expect(await t.post('b', { action: 'home' })).toMatchObject({ status: 409, body: { error: 'PRINTER_BUSY' } })
    expect(await t.post('a', { action: 'babystep', z: 0.02 })).toMatchObject({ status: 409, body: { error: 'PRINTER_NOT_PRINTING' } })
    t.b.state = 'printing'
    expect(await t.post('b', { action: 'babystep', z: -0.05 })).toEqual({ status: 200, body: { sent: ['M290 Z-0.05'] } })
    expect(t.b.sent).toEqual(['M290 Z-0.05'])
    expect(t.a.sent).toEqual(['G91', 'G1 X1 F3000', 'G90'])
  })

  it('refuses a printer that is not connected or stopped with an error', async () => {
    const t = setup()
    t.b.state = 'disconnected'
    expect(await t.post('b', { action: 'cooldown' })).toMatchObject({ status: 409, body: { error: 'PRINTER_NOT_CONNECTED' } })
    t.b.state = 'error'
    expect(await t.post('b', { action: 'cooldown' })).toMatchObject({ status: 409, body: { error: 'EMERGENCY_STOPPED' } })
    expect(t.b.sent).toEqual([])
  })

  it('answers 404 for an unknown printer and 422 for an action the sheet does not offer', async () => {
    const t = setup()
    expect(await t.post('nope', { action: 'cooldown' })).toMatchObject({ status: 404, body: { error: 'PRINTER_NOT_FOUND' } })
    expect(await t.post('b', { action: 'jog', axis: 'x', distance: 3 })).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })
    expect(await t.post('b', { action: 'preheat', material: 'WOOD' })).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })
    expect(t.b.sent).toEqual([])
  })
})
