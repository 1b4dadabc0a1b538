// Seeing before printing over the API with the real plan library: the dry run, the "Print it" gate and a rebuild.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as plan from '../../src/plan/index.js'
import { smallGcode } from './fake-plan.js'
import { startTestGateway, until, type TestGateway } from './harness.js'

let gw: TestGateway
beforeAll(async () => {
  gw = await startTestGateway({ plan, confirmTypedRequests: true })
}, 60_000)
afterAll(async () => {
  await gw?.close()
}, 30_000)

const post = (path: string, body?: unknown) =>
  fetch(gw.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
const status = async (id: string) => (await (await fetch(`${gw.baseUrl}/api/status/${id}`)).json()) as Record<string, any>
const waitStatus = (id: string, wanted: string[], timeoutMs = 60_000) =>
  until(
    async () => {
      const s = await status(id)
      if (s.status === 'failed') throw new Error(`job failed: ${s.error_message}`)
      return wanted.includes(s.status) ? s : null
    },
    timeoutMs,
    `${id} → ${wanted.join('|')}`,
  )
const jobCount = async () => Number((await fetch(`${gw.baseUrl}/api/workflows`)).headers.get('x-total-count'))

describe('POST /api/print-request/check', () => {
  it('answers what would be built, with the numbers that can be changed, and creates no job', async () => {
    const before = await jobCount()
    const res = await post('/api/print-request/check', { user_request: 'a 20 mm cube in PETG' })
    expect(res.status).toBe(200)
    const answer = (await res.json()) as Record<string, any>
    expect(answer).toMatchObject({ buildable: true, refusal: null, request: 'a 20 mm cube in PETG' })
    expect(answer.intent).toMatchObject({ material: 'PETG', shape: { kind: 'box', width: 20, depth: 20, height: 20 } })
    expect(answer.parameters).toContainEqual(expect.objectContaining({ path: 'width', value: 20, unit: 'mm', kind: 'number' }))
    expect(await jobCount()).toBe(before)
  })

  it('answers a request it cannot build with the reason and phrasings that work, before any job exists', async () => {
    const before = await jobCount()
    const answer = (await (await post('/api/print-request/check', { user_request: 'print a dragon' })).json()) as Record<string, any>
    expect(answer.buildable).toBe(false)
    expect(answer.intent).toBeNull()
    expect(answer.refusal.code).toMatch(/^INTENT_/)
    expect(answer.refusal.message).toMatch(/dragon/)
    expect(answer.refusal.suggestions.length).toBeGreaterThan(0)
    expect(await jobCount()).toBe(before)
  })

  it('refuses a malformed check with a 4xx and a stable code', async () => {
    const empty = await post('/api/print-request/check', { user_request: '' })
    expect(empty.status).toBe(422)
    expect(((await empty.json()) as any).error).toBe('VALIDATION_FAILED')
    const badProfile = await post('/api/print-request/check', { user_request: 'a 20 mm cube', printer_profile: 'no_such_printer' })
    expect(badProfile.status).toBeGreaterThanOrEqual(400)
    expect(badProfile.status).toBeLessThan(500)
  })
})

describe('the "Print it" gate and rebuilding', () => {
  it('holds a typed request after slicing until "Print it", rebuilds it with a changed number, then prints the rebuild', async () => {
    const created = (await (await post('/api/print-request', { user_request: 'a 20 mm cube in PLA, draft quality' })).json()) as Record<string, any>
    expect(created.print_gate).toBe('awaiting')
    const waiting = await waitStatus(created.job_id, ['queued'])
    expect(waiting.print_gate).toBe('awaiting')
    expect(waiting.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['research', 'completed'],
      ['cad', 'completed'],
      ['slicing', 'completed'],
      ['printing', 'pending'],
    ])
    expect(waiting.estimated_seconds).toBeGreaterThan(0)
    // Saying the bed is clear starts the queue, but not a job that waits for "Print it".
    expect((await post('/api/printer/bed-cleared')).status).toBeLessThan(300)
    expect((await status(created.job_id)).status).toBe('queued')
    expect(gw.printer.status().state).toBe('operational')

    const bad = await post(`/api/workflows/${created.job_id}/rebuild`, { parameters: { width: -5 } })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as any).error).toBe('INTENT_INVALID_VALUE')
    const unknown = await post(`/api/workflows/${created.job_id}/rebuild`, { parameters: { colour: 3 } })
    expect(unknown.status).toBe(422)

    const rebuilt = await post(`/api/workflows/${created.job_id}/rebuild`, { parameters: { width: 30 } })
    expect(rebuilt.status).toBe(201)
    const next = (await rebuilt.json()) as Record<string, any>
    expect(next.steps.map((s: any) => s.name)).toEqual(['research', 'cad', 'slicing', 'printing'])
    expect((await status(created.job_id)).status).toBe('cancelled')
    const ready = await waitStatus(next.job_id, ['queued'])
    const intent = JSON.parse(await readFile(join(gw.dataDir, 'jobs', next.job_id, 'intent.json'), 'utf8'))
    expect(intent.shape).toMatchObject({ kind: 'box', width: 30, depth: 20, height: 20 })
    expect(intent.notes.join(' ')).toMatch(/width changed from 20 to 30/i)
    expect(ready.print_gate).toBe('awaiting')

    const confirmed = await post(`/api/workflows/${next.job_id}/confirm`, { bed_clear: true })
    expect(confirmed.status).toBe(200)
    await waitStatus(next.job_id, ['printing_phase', 'completed'])
    expect((await post(`/api/workflows/${next.job_id}/confirm`)).status).toBe(400)
    await fetch(`${gw.baseUrl}/api/workflows/${next.job_id}`, { method: 'DELETE' })
  }, 120_000)

  it('prints an uploaded G-code without waiting for "Print it"', async () => {
    await until(() => gw.orchestrator.activeJobId() === null, 30_000, 'the printer to be free')
    await post('/api/printer/bed-cleared')
    const form = new FormData()
    form.append('file', new Blob([smallGcode(2, 5)]), 'tiny.gcode')
    const file = (await (await fetch(`${gw.baseUrl}/api/files`, { method: 'POST', body: form })).json()) as Record<string, any>
    const job = (await (await post('/api/print-request', { file_id: file.id })).json()) as Record<string, any>
    expect(job.print_gate).toBe('none')
    await waitStatus(job.job_id, ['printing_phase', 'completed'])
  }, 60_000)
})
