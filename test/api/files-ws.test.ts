// Uploaded G-code prints (and cannot be deleted meanwhile); the WebSocket speaks the seed's and the UI's protocol.
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createFakePlan, smallGcode } from './fake-plan.js'
import { startTestGateway, until, type TestGateway } from './harness.js'

let gw: TestGateway | null = null
afterEach(async () => {
  await gw?.close()
  gw = null
})

const SLOW_SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.3'

async function uploadGcode(text: string, print: boolean) {
  const form = new FormData()
  form.append('file', new Blob([text]), 'bracket.gcode')
  if (print) form.append('print', 'true')
  const res = await fetch(gw!.baseUrl + '/api/files', { method: 'POST', body: form })
  expect(res.status).toBe(201)
  return (await res.json()) as Record<string, any>
}

function openSocket(query = '') {
  const ws = new WebSocket(`${gw!.wsUrl}/ws/progress${query}`)
  const messages: Record<string, any>[] = []
  ws.on('message', (data) => messages.push(JSON.parse(String(data))))
  return { ws, messages, opened: new Promise((r) => ws.once('open', r)) }
}

describe('files', () => {
  it('prints an uploaded G-code file (printing only), refuses to delete it meanwhile, then deletes it', async () => {
    gw = await startTestGateway({ plan: createFakePlan(), simUrl: SLOW_SIM })
    const text = smallGcode(6, 20)
    const file = await uploadGcode(text, true)
    expect(file).toMatchObject({ name: 'bracket.gcode', kind: 'gcode', size: Buffer.byteLength(text), in_use: true })
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(file.analysis.layerCount).toBe(6)
    const jobId = file.job.job_id
    await until(async () => ((await (await fetch(`${gw!.baseUrl}/api/status/${jobId}`)).json()) as any).status === 'printing_phase' || null)
    const refused = await fetch(`${gw.baseUrl}/api/files/${file.id}`, { method: 'DELETE' })
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as any).error).toBe('FILE_IN_USE')
    const done = await until(async () => {
      const s = (await (await fetch(`${gw!.baseUrl}/api/status/${jobId}`)).json()) as any
      return s.status === 'completed' ? s : null
    }, 30_000)
    expect(done.steps.map((s: any) => s.status)).toEqual(['skipped', 'skipped', 'skipped', 'completed'])
    expect(done.source).toBe('gcode')
    const content = await fetch(`${gw.baseUrl}/api/files/${file.id}/content`)
    expect(await content.text()).toBe(text)
    expect((await fetch(`${gw.baseUrl}/api/files/${file.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await fetch(`${gw.baseUrl}/api/files/${file.id}`)).status).toBe(404)
  })
})

describe('WebSocket /ws/progress', () => {
  it('answers ping with a top-level pong, survives bad JSON, snapshots a subscribed job', async () => {
    gw = await startTestGateway({ plan: createFakePlan(), connect: false })
    const created = (await (
      await fetch(`${gw.baseUrl}/api/print-request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_request: 'Print a 20 mm cube for sockets' }),
      })
    ).json()) as any
    const { ws, messages, opened } = openSocket(`?job_id=${created.job_id}`)
    await opened
    await until(() => messages.length >= 1 || null)
    expect(messages[0]).toMatchObject({ type: 'status_update', job_id: created.job_id, workflow_id: created.job_id })
    expect(typeof messages[0]!.progress_percentage).toBe('number')
    ws.send('this is not json')
    await until(() => messages.find((m) => m.type === 'error') ?? null)
    ws.send(JSON.stringify({ type: 'ping' }))
    const pong = await until(() => messages.find((m) => m.type === 'pong') ?? null)
    expect(typeof pong.timestamp).toBe('string')
    expect(ws.readyState).toBe(WebSocket.OPEN)
    ws.close()
  })

  it('a socket without job_id sees jobs created later, with progress throttled, and the printer topic', async () => {
    gw = await startTestGateway({ plan: createFakePlan(), simUrl: SLOW_SIM, ws: { progressIntervalMs: 250 } })
    const { ws, messages, opened } = openSocket()
    await opened
    ws.send(JSON.stringify({ type: 'subscribe', topic: 'printer' }))
    const printerUpdate = await until(() => messages.find((m) => m.type === 'printer_update') ?? null)
    expect(printerUpdate.state).toBe('operational')
    const text = smallGcode(8, 25)
    const file = await uploadGcode(text, true)
    const jobId = file.job.job_id
    await until(() => messages.find((m) => m.job_id === jobId && m.status === 'completed') ?? null, 30_000, 'completed status_update')
    const forJob = messages.filter((m) => m.job_id === jobId)
    expect(forJob.every((m) => m.workflow_id === jobId)).toBe(true)
    const statuses = forJob.filter((m) => m.type === 'status_update').map((m) => m.status)
    expect(statuses).toEqual(expect.arrayContaining(['pending', 'queued', 'printing_phase', 'completed']))
    const progress = forJob.filter((m) => m.type === 'progress_update' && m.status === 'printing_phase')
    expect(progress.length).toBeGreaterThan(2)
    expect(progress.some((m) => typeof m.layer === 'number' && typeof m.z === 'number')).toBe(true)
    const times = progress.map((m) => Date.parse(m.timestamp))
    const printSeconds = (Math.max(...times) - Math.min(...times)) / 1000
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(printSeconds * 4) + 3)
    ws.close()
  })
})
