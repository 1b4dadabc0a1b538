// Several printers on one gateway (issue 19): two simulated printers print at once, routes per printer, printer_id on requests and sockets.
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createFakePlan, smallGcode } from '../api/fake-plan.js'
import { startTestGateway, until, type TestGateway } from '../api/harness.js'
import { analyseGcode } from '../../src/plan/index.js'

const SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.3'
const SIM_A = `${SIM}&seed=1`
const SIM_B = `${SIM}&seed=2`

let gw: TestGateway | null = null
afterEach(async () => {
  await gw?.close()
  gw = null
})

const post = (path: string, body?: unknown) =>
  fetch(gw!.baseUrl + path, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })
const get = async (path: string) => (await (await fetch(gw!.baseUrl + path)).json()) as any

async function upload(text: string, name: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([text]), name)
  const res = await fetch(gw!.baseUrl + '/api/files', { method: 'POST', body: form })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function startFarm(o: { bedB?: { x: number; y: number; z: number } } = {}) {
  gw = await startTestGateway({
    // the real G-code analysis: its bounding box decides which printer's bed a file fits
    plan: { ...createFakePlan(), analyseGcode: (path: string) => analyseGcode(path) },
    autoStart: true,
    printers: [
      { id: 'a', name: 'Left', simUrl: SIM_A },
      { id: 'b', name: 'Right', simUrl: SIM_B, ...(o.bedB ? { bed: o.bedB } : {}) },
    ],
  })
  return gw
}

const executed = (path: string) => gw!.sim.printer(path)!.transcript.map((t) => t.command)

describe('several printers on one gateway', () => {
  it('prints on two printers at once, each job on its own printer, with per-printer status, jobs, console and sockets', async () => {
    await startFarm()
    const listed = await get('/api/printers')
    expect(listed.printers.map((p: any) => [p.id, p.name, p.main, p.state])).toEqual([
      ['a', 'Left', true, 'operational'],
      ['b', 'Right', false, 'operational'],
    ])

    const ws = new WebSocket(`${gw!.wsUrl}/ws/progress`)
    const messages: any[] = []
    ws.on('message', (data) => messages.push(JSON.parse(String(data))))
    await new Promise((r) => ws.once('open', r))
    ws.send(JSON.stringify({ type: 'subscribe', topic: 'printers' }))

    const fileA = await upload(smallGcode(8, 25), 'left.gcode')
    const fileB = await upload(smallGcode(8, 25).replaceAll('X100.0', 'X150.0').replaceAll('X105.0', 'X155.0'), 'right.gcode')
    const resA = await post(`/api/printers/a/files/${fileA}/print`)
    expect(resA.status).toBe(201)
    const jobA = (await resA.json()) as any
    const resB = await post('/api/print-request', { file_id: fileB, printer_id: 'b' })
    expect(resB.status).toBe(201)
    const jobB = (await resB.json()) as any
    expect([jobA.printer_id, jobB.printer_id]).toEqual(['a', 'b'])

    // both printers print at the same moment
    await until(
      async () => {
        const states = (await get('/api/printers')).printers.map((p: any) => p.state)
        return states.every((s: string) => s === 'printing')
      },
      30_000,
      'both printers printing',
    )
    const during = await get('/api/printers/b/status')
    expect(during).toMatchObject({ id: 'b', state: 'printing', active_job_id: jobB.job_id })
    expect((await get('/api/printers/a')).active_job_id).toBe(jobA.job_id)

    for (const id of [jobA.job_id, jobB.job_id]) {
      await until(async () => (await get(`/api/status/${id}`)).status === 'completed', 60_000, `job ${id} completed`)
    }
    expect((await get(`/api/status/${jobA.job_id}`)).printer_id).toBe('a')
    // each printer received its own file only
    expect(executed(SIM_A).filter((c) => c.includes('X100.0')).length).toBe(8 * 13)
    expect(executed(SIM_A).some((c) => c.includes('X150.0'))).toBe(false)
    expect(executed(SIM_B).filter((c) => c.includes('X150.0')).length).toBe(8 * 13)
    expect(executed(SIM_B).some((c) => c.includes('X100.0'))).toBe(false)

    // history per printer
    const jobsA = await fetch(gw!.baseUrl + '/api/printers/a/jobs')
    expect(jobsA.headers.get('x-total-count')).toBe('1')
    expect(((await jobsA.json()) as any[]).map((j) => j.job_id)).toEqual([jobA.job_id])
    expect((await get('/api/printers/b/jobs')).map((j: any) => j.job_id)).toEqual([jobB.job_id])
    expect((await get('/api/workflows')).length).toBe(2)
    // console per printer
    const consoleB = (await get('/api/printers/b/console')) as Array<{ line: string }>
    expect(consoleB.some((l) => l.line.includes('X150.0'))).toBe(true)
    expect(consoleB.some((l) => l.line.includes('X100.0'))).toBe(false)

    // sockets: job messages and printer updates name their printer
    const statusFor = (id: string) => messages.filter((m) => m.type === 'status_update' && m.job_id === id)
    expect(statusFor(jobA.job_id).length).toBeGreaterThan(0)
    expect(statusFor(jobA.job_id).every((m) => m.printer_id === 'a')).toBe(true)
    expect(statusFor(jobB.job_id).every((m) => m.printer_id === 'b')).toBe(true)
    const printing = messages.filter((m) => m.type === 'printer_update' && m.state === 'printing')
    expect(new Set(printing.map((m) => m.printer_id))).toEqual(new Set(['a', 'b']))
    ws.close()
  }, 120_000)

  it('keeps the single-printer API on the main printer, picks an idle printer that fits, and answers 404 PRINTER_NOT_FOUND', async () => {
    await startFarm({ bedB: { x: 120, y: 120, z: 50 } })
    // the seed's routes drive the main printer (the first listed)
    expect((await get('/api/printer/status')).active_job_id).toBeNull()

    const unknown = await post('/api/print-request', { user_request: 'Print a 20 mm cube please', printer_id: 'nope' })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as any).error).toBe('PRINTER_NOT_FOUND')
    for (const path of ['/api/printers/nope', '/api/printers/nope/status', '/api/printers/nope/jobs']) {
      const res = await fetch(gw!.baseUrl + path)
      expect(res.status).toBe(404)
      expect(((await res.json()) as any).error).toBe('PRINTER_NOT_FOUND')
    }
    expect((await post('/api/printers/nope/pause')).status).toBe(404)

    // a busy main printer: the next request without printer_id goes to the idle one
    const long = await upload(smallGcode(20, 40), 'long.gcode')
    const first = (await (await post('/api/print-request', { file_id: long })).json()) as any
    expect(first.printer_id).toBe('a')
    const small = await upload(smallGcode(2, 5), 'small.gcode')
    const second = (await (await post('/api/print-request', { file_id: small })).json()) as any
    expect(second.printer_id).toBe('b')
    await until(async () => (await get(`/api/status/${second.job_id}`)).status === 'completed', 60_000, 'small print on b')
    // a job larger than b's bed (Y 100…109.5 fits, but give it a file reaching Y 130) is not sent to b even though b is idle
    const wide = await upload(smallGcode(2, 80), 'wide.gcode')
    const third = (await (await post('/api/print-request', { file_id: wide })).json()) as any
    expect(third.printer_id).toBe('a')

    // per-printer controls act on that printer only
    await until(async () => (await get('/api/printers/a')).state === 'printing', 30_000, 'a printing')
    const paused = await post('/api/printers/a/pause')
    expect(paused.status).toBe(200)
    expect((await get(`/api/status/${first.job_id}`)).status).toBe('paused')
    const notPrinting = await post('/api/printers/b/cancel')
    expect(notPrinting.status).toBe(409)
    expect(((await notPrinting.json()) as any).error).toBe('PRINTER_NOT_PRINTING')
    expect((await post('/api/printers/a/cancel')).status).toBe(200)
    expect((await get(`/api/status/${first.job_id}`)).status).toBe('cancelled')
  }, 120_000)
})
