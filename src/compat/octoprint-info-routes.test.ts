// OctoPrint read/control routes on a tiny app with fakes: version, profiles, job view and commands, connection.
import { describe, expect, it } from 'vitest'
import type { FileRecord } from '../jobs/types.js'
import { createFakeGateway, idleStatus, printingJob } from '../../test/compat/fake-gateway.js'

const FILE: FileRecord = {
  id: 'f1',
  name: 'benchy.gcode',
  kind: 'gcode',
  size: 4096,
  sha256: 'x',
  storedName: 'f1.gcode',
  createdAt: '2026-01-01T00:00:00Z',
  analysis: { estimatedSeconds: 600 },
}
const post = (gw: ReturnType<typeof createFakeGateway>, path: string, body: unknown) =>
  gw.app.request(`http://h${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

describe('OctoPrint identity routes', () => {
  it('version passes PrusaSlicer checks and advertises PUT uploads', async () => {
    const body = (await (await createFakeGateway().app.request('http://h/api/version')).json()) as {
      api: string
      text: string
      server: string
      capabilities: Record<string, boolean>
    }
    expect(body.api).toBe('0.1')
    expect(body.text.startsWith('OctoPrint')).toBe(true)
    expect(body.text).toContain('printgate 0.1.0')
    expect(body.capabilities['upload-by-put']).toBe(true)
  })

  it('printer profiles have exactly one current profile with the build volume; settings and login answer', async () => {
    const gw = createFakeGateway()
    const profiles = (await (await gw.app.request('http://h/api/printerprofiles')).json()) as {
      profiles: Record<string, { current: boolean; volume: { width: number } }>
    }
    const current = Object.values(profiles.profiles).filter((p) => p.current)
    expect(current).toHaveLength(1)
    expect(current[0]!.volume.width).toBe(220)
    expect(await (await gw.app.request('http://h/api/settings')).json()).toMatchObject({ feature: { sdSupport: false }, webcam: { webcamEnabled: false } })
    const settings = (await (await gw.app.request('http://h/api/settings')).json()) as {
      plugins: { discovery: { upnpUuid: string } }
      appearance: { name: string }
    }
    expect(settings.plugins.discovery.upnpUuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(settings.appearance.name).toBe('printgate')
    const login = (await (await post(gw, '/api/login', { passive: true })).json()) as { name: string; session: string; active: boolean }
    expect(login).toMatchObject({ name: 'loopback', active: true })
    expect(login.session).toMatch(/^[\w-]{20,}$/)
    expect((await post(gw, '/api/login', { user: 'admin', pass: 'guess' })).status).toBe(403)
  })

  it('Moonraker info has result.moonraker_version', async () => {
    const body = (await (await createFakeGateway().app.request('http://h/server/info')).json()) as {
      result: { moonraker_version: string; klippy_state: string }
    }
    expect(body.result.moonraker_version).toMatch(/printgate-0\.1\.0$/)
    expect(body.result.klippy_state).toBe('ready')
  })
})

describe('GET /api/job', () => {
  it('shows the running print with completion in percent and times in seconds', async () => {
    const gw = createFakeGateway()
    gw.files.set(FILE.id, FILE)
    gw.setActive(printingJob(FILE))
    gw.setStatus(
      idleStatus({
        state: 'printing',
        job: {
          jobId: 'job-printing',
          linesTotal: 100,
          linesConfirmed: 25,
          bytesConfirmed: 1024,
          bytesTotal: 4096,
          percent: 25,
          layer: 2,
          z: 0.4,
          elapsedMs: 30_000,
          pausedMs: 0,
        },
      }),
    )
    const body = (await (await gw.app.request('http://h/api/job')).json()) as {
      job: { file: { name: string; size: number }; estimatedPrintTime: number }
      progress: Record<string, unknown>
      state: string
    }
    expect(body.state).toBe('Printing')
    expect(body.job.file).toMatchObject({ name: 'benchy.gcode', size: 4096 })
    expect(body.job.estimatedPrintTime).toBe(100)
    expect(body.progress).toMatchObject({ completion: 25, filepos: 1024, printTime: 30, printTimeLeft: 70, printTimeLeftOrigin: 'analysis' })
  })

  it('shows the selected file with null progress when idle', async () => {
    const gw = createFakeGateway()
    const empty = (await (await gw.app.request('http://h/api/job')).json()) as { job: { file: { name: null } }; state: string }
    expect(empty).toMatchObject({ job: { file: { name: null } }, state: 'Operational' })
  })
})

describe('POST /api/job', () => {
  it('pauses, resumes and toggles the running print (204), cancels it', async () => {
    const gw = createFakeGateway()
    gw.files.set(FILE.id, FILE)
    gw.setActive(printingJob(FILE))
    expect((await post(gw, '/api/job', { command: 'pause', action: 'pause' })).status).toBe(204)
    expect((await post(gw, '/api/job', { command: 'pause', action: 'pause' })).status).toBe(409)
    expect((await post(gw, '/api/job', { command: 'pause' })).status).toBe(204)
    expect((await post(gw, '/api/job', { command: 'pause', action: 'toggle' })).status).toBe(204)
    expect((await post(gw, '/api/job', { command: 'pause', action: 'resume' })).status).toBe(204)
    expect((await post(gw, '/api/job', { command: 'cancel' })).status).toBe(204)
    expect(gw.calls).toEqual(['pause job-printing', 'resume job-printing', 'pause job-printing', 'resume job-printing', 'cancel job-printing'])
  })

  it('answers 409 with nothing to act on and 400 for an unknown command', async () => {
    const gw = createFakeGateway()
    expect((await post(gw, '/api/job', { command: 'cancel' })).status).toBe(409)
    expect((await post(gw, '/api/job', { command: 'pause', action: 'resume' })).status).toBe(409)
    expect((await post(gw, '/api/job', { command: 'start' })).status).toBe(409)
    expect((await post(gw, '/api/job', { command: 'explode' })).status).toBe(400)
    expect(gw.calls).toEqual([])
  })

  it('start prints the selected file', async () => {
    const gw = createFakeGateway()
    gw.files.set(FILE.id, FILE)
    expect((await post(gw, '/api/files/local/benchy.gcode', { command: 'select' })).status).toBe(204)
    expect(gw.created).toEqual([])
    expect((await post(gw, '/api/job', { command: 'start' })).status).toBe(204)
    expect(gw.created.map((c) => c.fileId)).toEqual(['f1'])
  })
})

describe('connection', () => {
  it('reports the port and state; connect and disconnect reach the printer; disconnect refuses mid-print', async () => {
    const gw = createFakeGateway()
    const body = (await (await gw.app.request('http://h/api/connection')).json()) as {
      current: { state: string; port: string; baudrate: number }
      options: { ports: string[] }
    }
    expect(body.current).toMatchObject({ state: 'Operational', port: 'sim://marlin', baudrate: 250000 })
    expect((await post(gw, '/api/connection', { command: 'disconnect' })).status).toBe(204)
    gw.setStatus(idleStatus({ state: 'disconnected' }))
    expect((await post(gw, '/api/connection', { command: 'connect', port: '/dev/ttyUSB0', baudrate: 115200 })).status).toBe(204)
    gw.setStatus(idleStatus({ state: 'printing' }))
    expect((await post(gw, '/api/connection', { command: 'disconnect' })).status).toBe(409)
    expect((await post(gw, '/api/connection', { command: 'fake_ack' })).status).toBe(400)
    expect(gw.calls).toEqual(['disconnect', 'connect /dev/ttyUSB0'])
  })
})
