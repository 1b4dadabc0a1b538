// An OctoPrint phone app's session replayed against a printing simulator: connect, passive login, push over raw and SockJS transports, upload-and-print, pause, resume, cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startCompatGateway, until, type CompatGateway } from './compat-gateway.js'
import { longPrint, rawJsonClient, rawSockJsClient, sockJsLibraryClient, type PushClient, type PushMessage } from './push-clients.js'

let gw: CompatGateway
beforeAll(async () => {
  gw = await startCompatGateway()
})
afterAll(async () => {
  await gw?.close()
})

const app = (key = gw.slicerKey) => ({ 'X-Api-Key': key, [PEER_HEADER]: LAN_PEER, 'User-Agent': 'OctoApp/2.1' })
const get = async (path: string, key?: string) => fetch(gw.baseUrl + path, { headers: app(key) })
const getJson = async <T = any>(path: string): Promise<T> => {
  const res = await get(path)
  expect(res.status, path).toBe(200)
  return (await res.json()) as T
}
const post = (path: string, body: unknown, key?: string) =>
  fetch(gw.baseUrl + path, { method: 'POST', headers: { ...app(key), 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

const eventOf = (type: string) => (m: PushMessage) => m.event?.type === type && m.event
const currentWith = (test: (c: any) => boolean) => (m: PushMessage) => m.current && test(m.current) && m.current

async function authed(client: PushClient, auth: string): Promise<void> {
  await client.next((m) => m.connected, 'connected')
  client.send({ auth })
  await client.next((m) => m.history, 'history after auth')
}

describe('an OctoPrint app (OctoApp / OctoPod / Home Assistant) against printgate', () => {
  it('connects, logs in passively, watches an upload-and-print live over three push transports, pauses, resumes and cancels', async () => {
    // what the apps read when connecting
    expect((await getJson('/api/version')).api).toBe('0.1')
    expect((await getJson('/api/server')).version).toMatch(/^1\./)
    const settings = await getJson('/api/settings')
    expect(settings.plugins.discovery.upnpUuid).toMatch(/^[0-9a-f-]{36}$/)
    expect((await getJson('/api/settings')).plugins.discovery.upnpUuid).toBe(settings.plugins.discovery.upnpUuid)
    expect(settings.webcam).toMatchObject({ webcamEnabled: false, streamUrl: '' })
    expect((await getJson('/api/connection')).current.state).toBe('Operational')
    expect(Object.values((await getJson('/api/printerprofiles')).profiles)).toHaveLength(1)
    const printer = await getJson('/api/printer')
    expect(printer.state.flags).toMatchObject({ operational: true, printing: false })
    expect(printer.temperature.tool0).toEqual(expect.objectContaining({ actual: expect.any(Number), offset: 0 }))
    expect((await getJson('/api/timelapse')).files).toEqual([])
    expect(await getJson('/api/system/commands')).toEqual({ core: [], custom: [] })

    const login = (await (await post('/api/login', { passive: true })).json()) as any
    expect(login).toMatchObject({ name: 'PrusaSlicer on desk', active: true })
    const auth = `${login.name}:${login.session}`
    expect((await getJson('/api/currentuser')).permissions).toContain('PRINT')

    // push: a native app's raw SockJS socket, SockJS's raw JSON endpoint, and the sockjs-client library over xhr-streaming
    const framed = await rawSockJsClient(gw.port)
    expect(framed.frames[0]).toBe('o')
    const plain = await rawJsonClient(gw.port)
    const library = await sockJsLibraryClient(gw.port, ['xhr-streaming'])
    expect(library.transport()).toBe('xhr-streaming')
    const clients = [framed, plain, library]
    try {
      for (const c of clients) await authed(c, auth)

      // upload and print
      const form = new FormData()
      form.append('file', new Blob([longPrint()]), 'phone-cube.gcode')
      form.append('print', 'true')
      const upload = await fetch(gw.baseUrl + '/api/files/local', { method: 'POST', headers: app(), body: form })
      expect(upload.status).toBe(201)
      expect(((await upload.json()) as any).effectivePrint).toBe(true)
      const listed = await getJson('/api/files/local?recursive=true')
      expect(listed.files.find((f: any) => f.name === 'phone-cube.gcode')).toMatchObject({
        type: 'machinecode',
        origin: 'local',
        refs: { resource: expect.stringContaining('/api/files/local/phone-cube.gcode') },
      })

      for (const c of clients)
        expect((await c.next(eventOf('PrintStarted'), 'PrintStarted')).payload).toMatchObject({ name: 'phone-cube.gcode', origin: 'local' })
      // live: progress and temperatures move between `current` messages
      const first = await framed.next(
        currentWith((c) => c.state.text === 'Printing' && c.progress.completion > 0),
        'printing with progress',
      )
      const from = framed.mark()
      const later = await framed.next(
        currentWith((c) => c.progress.completion > first.progress.completion),
        'progress to move',
        from,
      )
      expect(later.job.file.name).toBe('phone-cube.gcode')
      const temps = framed.messages.flatMap((m) => m.current?.temps ?? []).map((t: any) => t.tool0.actual)
      expect(new Set(temps).size).toBeGreaterThan(1)
      expect(framed.messages.some((m) => m.current?.logs?.some((l: string) => l.startsWith('Send: ')))).toBe(true)
      await plain.next(
        currentWith((c) => c.state.text === 'Printing'),
        'raw JSON socket to see Printing',
      )
      await library.next(
        currentWith((c) => c.state.text === 'Printing'),
        'sockjs-client to see Printing',
      )

      expect((await post('/api/job', { command: 'pause', action: 'pause' })).status).toBe(204)
      for (const c of clients) await c.next(eventOf('PrintPaused'), 'PrintPaused')
      await framed.next(
        currentWith((c) => c.state.flags.paused === true),
        'paused flag in current',
      )
      expect((await getJson('/api/job')).state).toBe('Paused')
      expect((await post('/api/job', { command: 'pause', action: 'resume' })).status).toBe(204)
      for (const c of clients) await c.next(eventOf('PrintResumed'), 'PrintResumed')

      expect((await post('/api/job', { command: 'cancel' })).status).toBe(204)
      for (const c of clients) {
        await c.next(eventOf('PrintCancelled'), 'PrintCancelled')
        expect((await c.next(eventOf('PrintFailed'), 'PrintFailed')).payload.reason).toBe('cancelled')
      }
      await until(async () => (await getJson('/api/job')).state === 'Operational', 10_000, 'the printer to be free')
    } finally {
      for (const c of clients) c.close()
      await gw.orchestrator.bedCleared()
    }
  }, 90_000)

  it('a socket without auth gets `connected` only; a wrong session gets reauthRequired; a revoked key ends the session', async () => {
    const client = await rawSockJsClient(gw.port)
    try {
      await client.next((m) => m.connected, 'connected')
      client.send({ auth: 'someone:not-a-session' })
      await client.next((m) => m.reauthRequired, 'reauthRequired')
      expect(client.messages.some((m) => m.current || m.history)).toBe(false)

      const key = gw.security.store.issue({ kind: 'key', name: 'short-lived', scopes: ['read'] })
      const login = (await (await post('/api/login', { passive: true }, key.token)).json()) as any
      client.send({ auth: `${login.name}:${login.session}` })
      await client.next((m) => m.current, 'current for the reader')
      gw.security.store.revoke(key.record.id)
      const at = client.mark()
      await client.next((m) => m.reauthRequired, 'reauthRequired after revocation', at)
    } finally {
      client.close()
    }
  }, 30_000)

  it('job and printer commands need control; file listing needs read; a read key cannot print', async () => {
    expect((await post('/api/job', { command: 'cancel' }, gw.readKey)).status).toBe(403)
    expect((await post('/api/printer/bed', { command: 'target', target: 50 }, gw.readKey)).status).toBe(403)
    expect((await get('/api/files/local', gw.readKey)).status).toBe(200)
    expect((await fetch(gw.baseUrl + '/api/files/local', { headers: { [PEER_HEADER]: LAN_PEER } })).status).toBe(401)
  })
})
