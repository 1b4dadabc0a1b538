// WebSocket security on the real gateway: auth at the upgrade, Origin check, connection cap, frame size cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { LAN_PEER, PEER_HEADER, startSecureGateway, until, type SecureGateway } from './secure-gateway.js'

let gw: SecureGateway
let token: string
beforeAll(async () => {
  gw = await startSecureGateway({ options: { wsMaxConnections: 3, wsReservedForAdmin: 0, wsMaxPayloadBytes: 32 * 1024 } })
  token = gw.security.store.issue({ kind: 'device', name: 'ws', scopes: ['read'] }).token
})
afterAll(async () => {
  await gw?.close()
})

type Opened = { ws: WebSocket; status: 101 } | { ws: WebSocket; status: number }

function open(headers: Record<string, string>): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${gw.wsUrl}/ws/progress`, { headers: { [PEER_HEADER]: LAN_PEER, ...headers } })
    ws.on('open', () => resolve({ ws, status: 101 }))
    ws.on('unexpected-response', (_req, res) => {
      res.resume()
      resolve({ ws, status: res.statusCode ?? 0 })
    })
    ws.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)))
  })
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))

describe('WebSocket /ws/progress', () => {
  it('authenticates at the upgrade by Bearer header or same-origin session cookie', async () => {
    expect((await open({})).status).toBe(401)
    const bearer = await open({ authorization: `Bearer ${token}` })
    expect(bearer.status).toBe(101)
    bearer.ws.close()
    const session = gw.security.store.issue({ kind: 'session', name: 'browser', scopes: ['read'] }).token
    const host = `127.0.0.1:${gw.port}`
    const browser = await open({ cookie: `printgate_session=${session}`, origin: `http://${host}` })
    expect(browser.status).toBe(101)
    browser.ws.close()
    const foreign = await open({ cookie: `printgate_session=${session}`, origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    await until(() => gw.gateway.hub.clientCount() === 0, 5000, 'sockets closed')
  })

  it('caps the number of connections (503 past the cap) and frees a slot on close', async () => {
    const sockets = []
    for (let i = 0; i < 3; i++) {
      const s = await open({ authorization: `Bearer ${token}` })
      expect(s.status).toBe(101)
      sockets.push(s.ws)
    }
    await until(() => gw.gateway.hub.clientCount() === 3, 5000, 'three clients')
    expect((await open({ authorization: `Bearer ${token}` })).status).toBe(503)
    const gone = closed(sockets[0]!)
    sockets[0]!.close()
    await gone
    await until(() => gw.gateway.hub.clientCount() === 2, 5000, 'a slot free')
    const again = await open({ authorization: `Bearer ${token}` })
    expect(again.status).toBe(101)
    for (const ws of [...sockets.slice(1), again.ws]) ws.close()
    await until(() => gw.gateway.hub.clientCount() === 0, 5000, 'all closed')
  })

  it('closes a socket that sends a frame over security.wsMaxPayloadBytes (here 32 KiB; 1009) and keeps serving others', async () => {
    const big = await open({ authorization: `Bearer ${token}` })
    expect(big.status).toBe(101)
    const code = closed(big.ws)
    big.ws.send(Buffer.alloc(33 * 1024, 7))
    expect(await code).toBe(1009)
    const next = await open({ authorization: `Bearer ${token}` })
    expect(next.status).toBe(101)
    const pong = new Promise<unknown>((resolve) =>
      next.ws.on('message', (m) => {
        const msg = JSON.parse(String(m)) as { type?: string }
        if (msg.type === 'pong') resolve(msg)
      }),
    )
    next.ws.send(JSON.stringify({ type: 'ping' }))
    expect(await pong).toMatchObject({ type: 'pong' })
    next.ws.close()
  })

  it('drops the live sockets of a revoked token at once, and refuses its next upgrade', async () => {
    const { token: t, record } = gw.security.store.issue({ kind: 'device', name: 'soon revoked', scopes: ['read'] })
    const session = gw.security.store.issue({ kind: 'session', name: 'its browser', scopes: ['read'], parentId: record.id }).token
    const other = await open({ authorization: `Bearer ${token}` })
    const device = await open({ authorization: `Bearer ${t}` })
    const browser = await open({ cookie: `printgate_session=${session}` })
    expect([other.status, device.status, browser.status]).toEqual([101, 101, 101])
    const deviceClosed = closed(device.ws)
    const browserClosed = closed(browser.ws)
    const admin = await fetch(`${gw.baseUrl}/api/auth/tokens/${record.id}`, {
      method: 'DELETE',
      headers: { [PEER_HEADER]: LAN_PEER, 'x-api-key': gw.adminKey },
    })
    expect(admin.status).toBe(204)
    expect(await deviceClosed).toBe(1006)
    expect(await browserClosed).toBe(1006)
    expect(other.ws.readyState).toBe(WebSocket.OPEN)
    expect((await open({ authorization: `Bearer ${t}` })).status).toBe(401)
    other.ws.close()
  })
})
