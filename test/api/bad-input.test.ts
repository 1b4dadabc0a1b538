// Bad input gets a clear 4xx with the one error body; nothing crashes and the gateway keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakePlan } from './fake-plan.js'
import { startTestGateway, type TestGateway } from './harness.js'

let gw: TestGateway
beforeAll(async () => {
  gw = await startTestGateway({ plan: createFakePlan(), connect: false, uploadBytes: 64 * 1024 })
})
afterAll(() => gw.close())

const send = (path: string, init: RequestInit) => fetch(gw.baseUrl + path, init)
const postRaw = (path: string, body: string, type = 'application/json') => send(path, { method: 'POST', headers: { 'content-type': type }, body })
const postJson = (path: string, body: unknown) => postRaw(path, JSON.stringify(body))
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  const body = (await res.json()) as { error: string; message: string; detail: unknown }
  expect(body.error).toBe(code)
  expect(typeof body.message).toBe('string')
  expect(body.detail).toBeDefined()
  return body
}
const upload = (name: string, content: string | Uint8Array<ArrayBuffer>, field = 'file') => {
  const form = new FormData()
  form.append(field, new Blob([content]), name)
  return send('/api/files', { method: 'POST', body: form })
}

describe('bad input', () => {
  it('malformed JSON → 400 INVALID_JSON', async () => {
    await expectError(await postRaw('/api/print-request', '{"user_request": "Print a cube",'), 400, 'INVALID_JSON')
  })

  it('wrong types, empty, blank and unknown values → 422 with field errors', async () => {
    const wrong = await expectError(await postJson('/api/print-request', { user_request: 12345678901 }), 422, 'VALIDATION_FAILED')
    expect(wrong.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: ['body', 'user_request'] })]))
    await expectError(await postJson('/api/print-request', { user_request: '' }), 422, 'VALIDATION_FAILED')
    await expectError(await postJson('/api/print-request', { user_request: ' '.repeat(12) }), 422, 'VALIDATION_FAILED')
    await expectError(await postJson('/api/print-request', { user_request: 'x'.repeat(1001) }), 422, 'VALIDATION_FAILED')
    await expectError(await postJson('/api/print-request', { user_request: 'Print a 20 mm cube', quality_level: 'superb' }), 422, 'VALIDATION_FAILED')
    await expectError(await postJson('/api/print-request', { user_request: 'Print a 20 mm cube', bogus: 1 }), 422, 'VALIDATION_FAILED')
    await expectError(await postJson('/api/print-request', []), 422, 'VALIDATION_FAILED')
    await expectError(
      await postJson('/api/print-request', { user_request: 'Print a 20 mm cube', printer_profile: 'toaster_9000' }),
      422,
      'SLICER_PROFILE_UNKNOWN',
    )
    await expectError(await send('/api/workflows?limit=0', {}), 422, 'VALIDATION_FAILED')
    await expectError(await send('/api/workflows?limit=abc', {}), 422, 'VALIDATION_FAILED')
    await expectError(await postJson('/api/printer/command', { command: 'M105\nM112' }), 422, 'VALIDATION_FAILED')
  })

  it('a huge body → 413 PAYLOAD_TOO_LARGE', async () => {
    await expectError(
      await postJson('/api/print-request', { user_request: 'Print a cube of 20 mm', metadata: { blob: 'x'.repeat(200_000) } }),
      413,
      'PAYLOAD_TOO_LARGE',
    )
  })

  it('unknown ids → 404 with stable codes', async () => {
    const missing = await expectError(await send('/api/status/invalid-job-id', {}), 404, 'JOB_NOT_FOUND')
    expect(missing.message).toBe('Workflow invalid-job-id not found')
    await expectError(await send('/api/workflows/nope', { method: 'DELETE' }), 404, 'JOB_NOT_FOUND')
    await expectError(await send('/api/workflows/nope/events', {}), 404, 'JOB_NOT_FOUND')
    await expectError(await send('/api/workflows/nope/pause', { method: 'POST' }), 404, 'JOB_NOT_FOUND')
    await expectError(await send('/api/files/nope', {}), 404, 'FILE_NOT_FOUND')
    await expectError(await send('/api/files/nope', { method: 'DELETE' }), 404, 'FILE_NOT_FOUND')
    await expectError(await postJson('/api/print-request', { file_id: 'nope' }), 404, 'FILE_NOT_FOUND')
    await expectError(await send('/api/no/such/route', {}), 404, 'NOT_FOUND')
  })

  it('uploads: path tricks, wrong types, binary posing as G-code, oversize, missing field', async () => {
    await expectError(await upload('../../etc/passwd.gcode', 'G28\n'), 400, 'FILE_NAME_INVALID')
    await expectError(await upload('..\\evil.gcode', 'G28\n'), 400, 'FILE_NAME_INVALID')
    await expectError(await upload('.hidden.gcode', 'G28\n'), 400, 'FILE_NAME_INVALID')
    await expectError(await upload('tool.exe', 'MZ'), 415, 'FILE_TYPE_UNSUPPORTED')
    const binary = new Uint8Array(4096).map((_, i) => (i * 37) % 256)
    await expectError(await upload('part.gcode', binary), 422, 'FILE_CONTENT_INVALID')
    await expectError(await upload('part.stl', 'not an stl at all'), 422, 'FILE_CONTENT_INVALID')
    await expectError(await upload('big.gcode', 'G1 X1 Y1\n'.repeat(10_000)), 413, 'PAYLOAD_TOO_LARGE')
    await expectError(await upload('part.gcode', 'G28\n', 'other'), 422, 'VALIDATION_FAILED')
    await expectError(await postRaw('/api/files', 'G28\n', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE')
    await expectError(await postRaw('/api/files', '--x\r\nbroken', 'multipart/form-data; boundary=x'), 400, 'BAD_REQUEST')
    const files = (await (await send('/api/files', {})).json()) as unknown[]
    expect(files).toEqual([])
  })

  it('printer commands while disconnected → 409 PRINTER_NOT_CONNECTED, and the server still answers', async () => {
    await expectError(await postJson('/api/printer/command', { command: 'M105' }), 409, 'PRINTER_NOT_CONNECTED')
    expect((await send('/health', {})).status).toBe(200)
  })
})
