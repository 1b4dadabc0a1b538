// The seed's 9 acceptance tests (task_4_1_validation), made strict, against the real gateway process over HTTP and ws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'

let gw: GatewayProcess
const jobIds: string[] = []
beforeAll(async () => {
  gw = await startGatewayProcess()
})
afterAll(async () => {
  expect(await gw.stop('SIGTERM')).toBe(0)
})

const url = (path: string) => gw.baseUrl + path
const postJson = (path: string, body: unknown) =>
  fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe.sequential('seed acceptance (strict)', () => {
  it('1 health check: 200 with status, version, uptime_seconds, agents_status from real checks', async () => {
    const res = await fetch(url('/health'))
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, any>
    expect(body).toEqual(
      expect.objectContaining({
        status: expect.stringMatching(/^(healthy|degraded|unhealthy)$/),
        version: '0.1.0',
        uptime_seconds: expect.any(Number),
        agents_status: expect.any(Object),
      }),
    )
    expect(body.checks.database.status).toBe('healthy')
    // Each agent reads what was checked: the parser ran, CAD has no probe, slicer and printer mirror their checks.
    expect(body.agents_status).toEqual({
      research: 'healthy',
      cad: 'unknown',
      slicer: body.checks.slicer.status,
      printer: body.checks.printer.status,
      parent: 'running',
    })
    expect(body.checks.printer.state).toMatch(/^(connecting|handshake|operational|disconnected)$/)
    expect(body.system_metrics).toEqual(expect.objectContaining({ cpu_usage_percent: expect.any(Number), disk_usage_percent: expect.any(Number) }))
  })

  it('2 print request creation: 201 with job_id, status, progress_percentage, message, created_at', async () => {
    const res = await postJson('/api/print-request', {
      user_request: 'Create a small cube gear for a clock mechanism with 2cm dimensions',
      user_id: 'test_user',
      printer_profile: 'ender3_pla_standard',
      quality_level: 'standard',
      metadata: { test: true },
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as Record<string, any>
    expect(body.job_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(body.status).toBe('pending')
    expect(body.progress_percentage).toBe(0)
    expect(body.message).toBe('Print request received and queued for processing')
    expect(body.created_at).toMatch(/Z$/)
    jobIds.push(body.job_id)
  })

  it('3 job status retrieval: 200 with the same job_id and the progress fields', async () => {
    const res = await fetch(url(`/api/status/${jobIds[0]}`))
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, any>
    expect(body.job_id).toBe(jobIds[0])
    for (const key of ['status', 'progress_percentage', 'current_step', 'message']) expect(body).toHaveProperty(key)
    expect(body.user_id).toBe('test_user')
  })

  it('4 workflow list: a bare JSON array that contains the job, total in X-Total-Count', async () => {
    const res = await fetch(url('/api/workflows?limit=10&offset=0'))
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, any>[]
    expect(Array.isArray(body)).toBe(true)
    expect(body.map((w) => w.job_id)).toContain(jobIds[0])
    expect(Number(res.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1)
  })

  it('5 WebSocket progress: a snapshot, then a top-level pong for ping', async () => {
    const ws = new WebSocket(`${gw.wsUrl}/ws/progress?job_id=${jobIds[0]}`)
    const messages: Record<string, any>[] = []
    const pong = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        messages.push(JSON.parse(String(data)))
        if (messages.at(-1)!.type === 'pong') resolve()
      }),
    )
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    ws.send(JSON.stringify({ type: 'ping' }))
    await pong
    ws.close()
    expect(messages.find((m) => m.type === 'pong')).toEqual(expect.objectContaining({ type: 'pong', timestamp: expect.any(String) }))
    expect(messages[0]).toEqual(expect.objectContaining({ type: 'status_update', job_id: jobIds[0], workflow_id: jobIds[0] }))
  })

  it('6 workflow cancellation: DELETE gives 204 and the job then reads cancelled', async () => {
    const res = await postJson('/api/print-request', { user_request: 'Create a test cube for cancellation', user_id: 'test_user' })
    expect(res.status).toBe(201)
    const id = ((await res.json()) as Record<string, any>).job_id as string
    const del = await fetch(url(`/api/workflows/${id}`), { method: 'DELETE' })
    expect(del.status).toBe(204)
    expect(await del.text()).toBe('')
    const after = (await (await fetch(url(`/api/status/${id}`))).json()) as Record<string, any>
    expect(after.status).toBe('cancelled')
    expect(after.error_message).toBe('Workflow cancelled by user')
    const again = await fetch(url(`/api/workflows/${id}`), { method: 'DELETE' })
    expect(again.status).toBe(400)
  })

  it('7 error handling: unknown job → 404; empty user_request → 422', async () => {
    const missing = await fetch(url('/api/status/invalid-job-id'))
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as Record<string, any>).detail).toBe('Workflow invalid-job-id not found')
    const empty = await postJson('/api/print-request', { user_request: '' })
    expect(empty.status).toBe(422)
    expect(((await empty.json()) as Record<string, any>).error).toBe('VALIDATION_FAILED')
  })

  it('8 API documentation: /openapi.json, /docs and /redoc served from the device, no CDN', async () => {
    const spec = await fetch(url('/openapi.json'))
    expect(spec.status).toBe(200)
    const doc = (await spec.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/print-request', '/api/status/{job_id}', '/api/workflows', '/api/workflows/{job_id}', '/health']),
    )
    for (const page of ['/docs', '/redoc']) {
      const res = await fetch(url(page))
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)/)
    }
    expect(await (await fetch(url('/redoc'))).text()).toContain('/api/print-request')
    const asset = await fetch(url('/docs/assets/swagger-ui-bundle.js'))
    expect(asset.status).toBe(200)
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
  })

  it('9 CORS preflight: answered without an error (CORS stays off by default)', async () => {
    const res = await fetch(url('/api/print-request'), {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'Content-Type' },
    })
    expect(res.status).toBeLessThan(500)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})
