// The shared GET /api/printer and console-body helpers for printgate and OctoPrint clients.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { idleStatus } from '../../test/compat/fake-gateway.js'
import { consoleCommandsOf, octoPrintPrinterFields, speaksOctoPrint } from './shared-routes.js'

describe('GET /api/printer for both kinds of client', () => {
  const view = { state: 'operational', temperatures: null, bed_clear: true }

  it('adds OctoPrint temperature and sd beside printgate fields and keeps printgate state for the UI', () => {
    const body = octoPrintPrinterFields(view, idleStatus(), false)
    expect(body.state).toBe('operational')
    expect(body.bed_clear).toBe(true)
    expect(body.temperature.tool0).toEqual({ actual: 21.5, target: 0, offset: 0 })
    expect(body.temperature.bed).toEqual({ actual: 20, target: 0, offset: 0 })
    expect(body.sd).toEqual({ ready: false })
  })

  it('gives OctoPrint callers state {text, flags}', () => {
    const body = octoPrintPrinterFields(view, idleStatus({ state: 'paused' }), true) as { state: { text: string; flags: Record<string, boolean> } }
    expect(body.state.text).toBe('Paused')
    expect(body.state.flags).toMatchObject({ operational: true, paused: true, printing: false, ready: false })
  })

  it('recognises OctoPrint callers by the X-Api-Key header, even an empty one', async () => {
    const app = new Hono().get('/', (c) => c.text(String(speaksOctoPrint(c))))
    expect(await (await app.request('/', { headers: { 'X-Api-Key': '' } })).text()).toBe('true')
    expect(await (await app.request('/', { headers: { Authorization: 'Bearer x' } })).text()).toBe('false')
  })
})

describe('console bodies', () => {
  it('tells printgate single commands from OctoPrint lists', () => {
    expect(consoleCommandsOf({ command: 'M105' })).toEqual({ single: 'M105' })
    expect(consoleCommandsOf({ commands: ['M18', 'M106 S0'] })).toEqual({ many: ['M18', 'M106 S0'] })
  })
})
