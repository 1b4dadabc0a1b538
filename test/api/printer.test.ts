// Printer routes on the simulator: status, console command, emergency stop, reconnect, disconnect; /health reflects it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakePlan } from './fake-plan.js'
import { startTestGateway, until, type TestGateway } from './harness.js'

let gw: TestGateway
beforeAll(async () => {
  gw = await startTestGateway({ plan: createFakePlan() })
})
afterAll(() => gw.close())

const post = (path: string, body?: unknown) =>
  fetch(gw.baseUrl + path, { method: 'POST', ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) })
const printer = async () => (await (await fetch(gw.baseUrl + '/api/printer/status')).json()) as Record<string, any>
const health = async () => (await (await fetch(gw.baseUrl + '/health')).json()) as Record<string, any>

describe('printer routes', () => {
  it('reports state, firmware, profile, flow mode and temperatures', async () => {
    const p = await printer()
    expect(p).toMatchObject({ state: 'operational', profile: 'marlin', bed_clear: true, active_job_id: null, queue: [] })
    expect(p.firmware.name).toContain('Marlin')
    expect(['ping-pong', 'buffered']).toContain(p.flow_mode)
    expect(p.link.linesSent).toBeGreaterThan(0)
    expect((await health()).checks.printer).toMatchObject({ status: 'healthy', state: 'operational' })
  })

  it('offers the ports and firmware profiles for the connection settings', async () => {
    const res = await fetch(gw.baseUrl + '/api/printer/ports')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { ports: { path: string }[]; profiles: { id: string; baudRates: number[] }[] }
    expect(Array.isArray(body.ports)).toBe(true)
    expect(body.profiles.map((p) => p.id)).toEqual(expect.arrayContaining(['marlin', 'prusa-mk3', 'klipper', 'generic']))
    expect(body.profiles.find((p) => p.id === 'marlin')?.baudRates).toContain(250000)
  })

  it('sends a console command and returns the reply lines', async () => {
    const res = await post('/api/printer/command', { command: 'M105' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { command: string; reply: string[] }
    expect(body.command).toBe('M105')
    expect(body.reply.join(' ')).toMatch(/T:\d/)
    const console = (await (await fetch(gw.baseUrl + '/api/printer/console')).json()) as { line: string }[]
    expect(console.some((l) => l.line.includes('M105'))).toBe(true)
  })

  it('emergency stop puts the printer in error (health unhealthy) until reconnected', async () => {
    expect((await post('/api/printer/emergency-stop')).status).toBe(200)
    await until(async () => (await printer()).state === 'error' || null, 5000, 'error state')
    expect((await health()).status).toBe('unhealthy')
    const reconnected = await post('/api/printer/connect')
    expect(reconnected.status).toBe(200)
    await until(async () => (await printer()).state === 'operational' || null, 10_000, 'operational')
  })

  it('disconnects, refuses commands while disconnected, and reports degraded health', async () => {
    expect((await post('/api/printer/disconnect')).status).toBe(200)
    expect((await printer()).state).toBe('disconnected')
    const refused = await post('/api/printer/command', { command: 'M105' })
    expect(refused.status).toBe(409)
    const h = await health()
    expect(h.status).toBe('degraded')
    expect(h.agents_status.printer).toBe('degraded')
    // Only what was checked: the intent parser ran, CAD has no probe, threads are the kernel's count.
    expect(h.agents_status).toMatchObject({ research: 'healthy', cad: 'unknown' })
    expect(h.system_metrics.active_threads).toBeGreaterThan(1)
    const bad = await post('/api/printer/connect', { port: 'sim://nonsense' })
    expect(bad.status).toBeGreaterThanOrEqual(400)
    expect(((await bad.json()) as any).error).toMatch(/^[A-Z_]+$/)
  })
})
