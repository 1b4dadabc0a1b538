// Contract tests: each slicer's exact requests replayed over raw sockets against a started gateway (security on, LAN caller).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startCompatGateway, until, type CompatGateway } from './compat-gateway.js'
import { curaUpload, prusaLinkPut, prusaSlicerMoonrakerUpload, prusaSlicerOctoPrintUpload, rawRequest, type RawResponse } from './slicer-requests.js'

const GCODE = Buffer.from(['; contract test', 'G21', 'G90', 'G28', 'G1 Z0.2 F600', 'G1 X20 Y20 F3000', 'M84', ''].join('\n'))

let gw: CompatGateway
beforeAll(async () => {
  gw = await startCompatGateway()
})
afterAll(async () => {
  await gw?.close()
})

const lan = (headers: Record<string, string>) => ({ ...headers, [PEER_HEADER]: LAN_PEER })
const get = (path: string, headers: Record<string, string>) => rawRequest(gw.port, { method: 'GET', path, headers: lan(headers) })
const postJson = (path: string, headers: Record<string, string>, body: unknown) =>
  rawRequest(gw.port, { method: 'POST', path, headers: lan({ ...headers, 'Content-Type': 'application/json' }) }, Buffer.from(JSON.stringify(body)))
const replay = (req: { head: { method: string; path: string; headers: Record<string, string> }; body: Buffer }, expectContinue = false) =>
  rawRequest(gw.port, { ...req.head, headers: lan(req.head.headers) }, req.body, expectContinue)
const json = <T = Record<string, unknown>>(r: RawResponse) => JSON.parse(r.body) as T

describe('PrusaSlicer → OctoPrint host', () => {
  const headers = () => ({ 'User-Agent': 'PrusaSlicer/2.5.0', Accept: '*/*', 'X-Api-Key': gw.slicerKey })

  it('Test: /api/version has "api" and a text starting with OctoPrint', async () => {
    const res = await get('/api/version', headers())
    expect(res.status).toBe(200)
    const body = json<{ api: string; text: string }>(res)
    expect(body.api).toBe('0.1')
    expect(body.text.startsWith('OctoPrint')).toBe(true)
  })

  it('Test with the empty key PrusaSlicer sends by default fails from the LAN (401)', async () => {
    expect((await get('/api/version', { ...headers(), 'X-Api-Key': '' })).status).toBe(401)
  })

  it('Upload with Expect: 100-continue: 201, absolute Location with api/files/, listed as a printgate file with its analysis', async () => {
    const res = await replay(prusaSlicerOctoPrintUpload(gw.slicerKey, 'contract-a.gcode', GCODE, false), true)
    expect(res.continued).toBe(true)
    expect(res.status).toBe(201)
    expect(res.headers.location).toBe(`http://127.0.0.1:${gw.port}/api/files/local/contract-a.gcode`)
    const body = json<{ files: { local: { name: string } }; printgate: { file_id: string } }>(res)
    expect(body.files.local.name).toBe('contract-a.gcode')
    const listed = json<{ id: string; name: string; analysis: { lineCount?: number } | null }[]>(await get('/api/files', headers()))
    const file = listed.find((f) => f.id === body.printgate.file_id)
    expect(file?.name).toBe('contract-a.gcode')
    expect(file?.analysis).not.toBeNull()
  })

  it('a wrong key is 401 and a read-only key cannot upload (403)', async () => {
    expect((await replay(prusaSlicerOctoPrintUpload('pgk_wrong', 'x.gcode', GCODE, false))).status).toBe(401)
    expect((await replay(prusaSlicerOctoPrintUpload(gw.readKey, 'x.gcode', GCODE, false))).status).toBe(403)
  })

  it('a key with the files scope but not control may upload but not upload-and-print (403), on every upload route', async () => {
    expect((await replay(prusaSlicerOctoPrintUpload(gw.filesKey, 'files-only.gcode', GCODE, false))).status).toBe(201)
    const jobsBefore = gw.jobs.list({ limit: 100, offset: 0 }).total
    expect((await replay(prusaSlicerOctoPrintUpload(gw.filesKey, 'files-only.gcode', GCODE, true))).status).toBe(403)
    expect((await replay(curaUpload(gw.filesKey, 'files-only.gcode', GCODE, true))).status).toBe(403)
    expect((await replay(prusaLinkPut(gw.filesKey, 'files-only.gcode', GCODE, true))).status).toBe(403)
    expect((await replay(prusaSlicerMoonrakerUpload(gw.filesKey, 'files-only.gcode', GCODE, true))).status).toBe(403)
    expect(gw.jobs.list({ limit: 100, offset: 0 }).total).toBe(jobsBefore)
  })
})

describe('OrcaSlicer (PrusaSlicer-derived OctoPrint host code, own User-Agent)', () => {
  it('tests the host and uploads with print=true; the upload becomes a printgate job', async () => {
    const headers = { 'User-Agent': 'OrcaSlicer/2.1.1', Accept: '*/*', 'X-Api-Key': gw.slicerKey }
    expect(json<{ text: string }>(await get('/api/version', headers)).text).toMatch(/^OctoPrint/)
    const req = prusaSlicerOctoPrintUpload(gw.slicerKey, 'contract-orca.gcode', GCODE, true)
    const res = await replay({ ...req, head: { ...req.head, headers: { ...req.head.headers, 'User-Agent': 'OrcaSlicer/2.1.1' } } }, true)
    expect(res.status).toBe(201)
    const jobId = json<{ printgate: { job_id: string } }>(res).printgate.job_id
    const job = json<{ job_id: string; source: string }>(await get(`/api/status/${jobId}`, headers))
    expect(job).toMatchObject({ job_id: jobId, source: 'gcode' })
    await postJson('/api/job', headers, { command: 'cancel' }).catch(() => undefined)
    await until(() => ['cancelled', 'completed'].includes(gw.jobs.get(jobId)?.status ?? ''), 10_000, 'the Orca job to end')
    await until(() => gw.orchestrator.activeJobId() === null, 10_000, 'the printer to be free')
    await gw.orchestrator.bedCleared()
  })
})

describe('Cura OctoPrint plugin', () => {
  // Cura behind a basic-auth proxy sends both headers; the key must still work.
  const headers = () => ({ 'User-Agent': 'Cura/5.7.0 OctoPrintPlugin/3.7.3', 'X-Api-Key': gw.slicerKey, Authorization: 'Basic dXNlcjpwYXNz' })

  it('connect sequence: settings, version, passive login, printer profiles', async () => {
    const settings = await get('/api/settings', headers())
    expect(settings.status).toBe(200)
    expect(json(settings)).toMatchObject({ feature: { sdSupport: false } })
    expect(json<{ server: string }>(await get('/api/version', headers())).server).toMatch(/^1\./)
    const login = await postJson('/api/login', headers(), { passive: true })
    expect(login.status).toBe(200)
    expect(json(login)).toMatchObject({ name: 'PrusaSlicer on desk' })
    const profiles = json<{ profiles: Record<string, { current: boolean; model: string; axes: object }> }>(await get('/api/printerprofiles', headers()))
    expect(Object.values(profiles.profiles).some((p) => p.current && p.axes)).toBe(true)
  })

  it('an invalid key beside Basic is refused (401)', async () => {
    expect((await get('/api/settings', { ...headers(), 'X-Api-Key': 'pgk_nope' })).status).toBe(401)
  })

  it('polls /api/printer (OctoPrint keys with real temperatures and flags) and /api/job', async () => {
    const printer = json<{
      temperature: { tool0: { actual: number; target: number | null } }
      state: { text: string; flags: Record<string, boolean> }
      sd: { ready: boolean }
    }>(await get('/api/printer', headers()))
    expect(typeof printer.temperature.tool0.actual).toBe('number')
    expect(printer.state.text).toBe('Operational')
    expect(printer.state.flags).toMatchObject({ operational: true, ready: true, error: false })
    const job = json<{ state: string; progress: { completion: number | null } }>(await get('/api/job', headers()))
    expect(job.state).toBe('Operational')
  })

  it('upload then select-and-print through the Location path (204)', async () => {
    const up = await replay(curaUpload(gw.slicerKey, 'contract-cura.gcode', GCODE, false))
    expect(up.status).toBe(201)
    const afterApi = up.headers.location!.split('api/', 2)[1]!
    expect(afterApi).toBe('files/local/contract-cura.gcode')
    const selected = await postJson(`/api/${afterApi}`, headers(), { command: 'select', print: true })
    expect(selected.status, selected.body).toBe(204)
    const fileId = json<{ printgate: { file_id: string } }>(up).printgate.file_id
    const job = await until(
      () => gw.jobs.withStatus(['pending', 'queued', 'printing_phase', 'completed']).find((j) => j.fileId === fileId),
      5000,
      'a job for the Cura file',
    )
    expect(job.source).toBe('gcode')
    await until(() => gw.jobs.get(job.id)?.status === 'completed' || gw.jobs.get(job.id)?.status === 'printing_phase', 10_000, 'the print to start')
    await postJson('/api/job', headers(), { command: 'cancel' })
    await until(() => gw.orchestrator.activeJobId() === null, 10_000, 'the printer to be free')
    await gw.orchestrator.bedCleared()
  })

  it('console commands in OctoPrint form answer 204; connect answers 204', async () => {
    expect((await postJson('/api/printer/command', headers(), { commands: ['M105', 'M106 S0'] })).status).toBe(204)
    expect((await postJson('/api/connection', headers(), { command: 'connect' })).status).toBe(204)
  })

  it("GET /api/printer is OctoPrint's shape for every caller; printgate's own view is GET /api/printer/status", async () => {
    const octo = json<{ state: { text: string } }>(await rawRequest(gw.port, { method: 'GET', path: '/api/printer', headers: {} }))
    expect(octo.state.text).toBe('Operational')
    const own = json<{ state: string; temperatures: object; bed_clear: boolean }>(
      await rawRequest(gw.port, { method: 'GET', path: '/api/printer/status', headers: {} }),
    )
    expect(own.state).toBe('operational')
    expect(own.temperatures).toBeDefined()
    expect(typeof own.bed_clear).toBe('boolean')
  })
})

describe('PrusaSlicer → PrusaLink host', () => {
  it('version advertises upload-by-put; storage lists local; PUT stores the file', async () => {
    const headers = { 'User-Agent': 'PrusaSlicer/2.5.0', 'X-Api-Key': gw.slicerKey }
    expect(json<{ capabilities: Record<string, boolean> }>(await get('/api/version', headers)).capabilities['upload-by-put']).toBe(true)
    const storage = json<{ storage_list: { name: string; available: boolean; read_only: boolean }[] }>(await get('/api/v1/storage', headers))
    expect(storage.storage_list[0]).toMatchObject({ name: 'local', available: true, read_only: false })
    const put = await replay(prusaLinkPut(gw.slicerKey, 'contract link.gcode', GCODE, false))
    expect(put.status).toBe(201)
    const listed = json<{ name: string; size: number }[]>(await get('/api/files', headers))
    expect(listed.find((f) => f.name === 'contract link.gcode')?.size).toBe(GCODE.length)
  })
})

describe('PrusaSlicer → Klipper (via Moonraker) host', () => {
  it('server/info has result.moonraker_version; upload answers 201 with item and action', async () => {
    const headers = { 'User-Agent': 'PrusaSlicer/2.5.0', 'X-Api-Key': gw.slicerKey }
    const info = json<{ result: { moonraker_version: string } }>(await get('/server/info', headers))
    expect(info.result.moonraker_version).toBeTruthy()
    const up = await replay(prusaSlicerMoonrakerUpload(gw.slicerKey, 'contract-moon.gcode', GCODE, false))
    expect(up.status).toBe(201)
    expect(json(up)).toMatchObject({ item: { path: 'contract-moon.gcode', root: 'gcodes' }, print_started: false, print_queued: false, action: 'create_file' })
  })

  it('without a key (Moonraker host with no key set) the LAN upload is refused', async () => {
    expect((await replay(prusaSlicerMoonrakerUpload(null, 'nokey.gcode', GCODE, false))).status).toBe(401)
  })
})
