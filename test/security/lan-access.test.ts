// End-to-end on the real gateway: LAN clients need credentials everywhere, pairing locks, revocation, CSRF, public refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { LAN_PEER, PEER_HEADER, startSecureGateway, until, type SecureGateway } from './secure-gateway.js'

let gw: SecureGateway
beforeAll(async () => {
  gw = await startSecureGateway()
})
afterAll(async () => {
  await gw?.close()
})

const lan = (headers: Record<string, string> = {}) => ({ [PEER_HEADER]: LAN_PEER, ...headers })
const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => fetch(gw.baseUrl + path, init)

/** Every operation in the gateway's own OpenAPI document, with placeholders filled in. */
async function documentedRoutes(): Promise<{ method: string; path: string }[]> {
  const doc = (await (await call('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> }
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x1') })),
  )
}

function wsStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${gw.wsUrl}/ws/progress`, { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)))
  })
}

describe('a LAN client', () => {
  it('without a credential gets 401 on every documented route except the public ones', async () => {
    const routes = await documentedRoutes()
    expect(routes.length).toBeGreaterThan(15)
    const control = routes.filter((r) => r.method !== 'GET')
    expect(control.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/print-request', '/api/printer/command', '/api/printer/emergency-stop']))
    for (const route of routes) {
      const res = await call(route.path, {
        method: route.method,
        headers: lan({ 'content-type': 'application/json' }),
        ...(route.method === 'GET' ? {} : { body: '{}' }),
      })
      expect({ ...route, status: res.status }).toEqual({ ...route, status: 401 })
    }
  })

  it('without a credential gets 401 on the slicer-compatibility routes too (hidden from the OpenAPI document)', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/version'],
      ['GET', '/api/settings'],
      ['GET', '/api/job'],
      ['GET', '/api/connection'],
      ['GET', '/server/info'],
      ['GET', '/api/v1/storage'],
      ['POST', '/api/job'],
      ['POST', '/api/connection'],
      ['POST', '/api/files/local'],
      ['POST', '/api/files/local/cube.gcode'],
      ['POST', '/api/files/sdcard'],
      ['PUT', '/api/v1/files/local/cube.gcode'],
      ['POST', '/server/files/upload'],
      ['POST', '/api/login'],
    ]
    for (const [method, path] of routes) {
      const res = await call(path, {
        method,
        headers: lan({ 'x-api-key': '', authorization: 'Basic dXNlcjpwYXNz' }),
        ...(method === 'GET' ? {} : { body: 'G28\n' }),
      })
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 })
    }
    const slicer = gw.security.store.issue({ kind: 'key', name: 'PrusaSlicer', scopes: ['read', 'files', 'control'] }).token
    const version = await call('/api/version', { headers: lan({ 'x-api-key': slicer, authorization: 'Basic dXNlcjpwYXNz' }) })
    expect(version.status).toBe(200)
    expect(((await version.json()) as { text: string }).text).toMatch(/^OctoPrint/)
  })

  it('without a credential gets 401 on the WebSocket; with a token it connects', async () => {
    expect(await wsStatus(lan())).toBe(401)
    expect(await wsStatus(lan({ authorization: 'Bearer pg.0000000000000000.' + 'A'.repeat(43) }))).toBe(401)
    const { token } = gw.security.store.issue({ kind: 'device', name: 'ws', scopes: ['read'] })
    expect(await wsStatus(lan({ authorization: `Bearer ${token}` }))).toBe(101)
    expect(await wsStatus(lan({ authorization: `Bearer ${token}`, origin: 'http://evil.example' }))).toBe(403)
  })

  it('with the first-run admin key reaches everything', async () => {
    const res = await call('/api/printer', { headers: lan({ 'x-api-key': gw.adminKey }) })
    expect(res.status).toBe(200)
    expect(gw.logLines.some((l) => l.includes(gw.adminKey))).toBe(true)
  })

  it('from a public address is refused (403) and a warning is logged', async () => {
    const res = await call('/api/printer', { headers: { [PEER_HEADER]: '8.8.8.8', 'x-api-key': gw.adminKey } })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'SOURCE_NOT_ALLOWED' })
    expect(gw.logLines.some((l) => l.includes('"level":"warn"') && l.includes('8.8.8.8'))).toBe(true)
    expect(await wsStatus({ [PEER_HEADER]: '2001:db8::1', 'x-api-key': gw.adminKey })).toBe(403)
  })

  it('loopback (the machine itself) needs no credential', async () => {
    expect((await call('/api/printer')).status).toBe(200)
  })
})

describe('pairing, cookies and revocation on the real gateway', () => {
  it('pairs with the code from the log, then the cookie works same-origin and a cross-site form POST is refused', async () => {
    expect(gw.logLines.some((l) => l.includes(gw.pairingCode))).toBe(true)
    const res = await call('/api/auth/pair', {
      method: 'POST',
      headers: lan({ 'content-type': 'application/json' }),
      body: JSON.stringify({ code: gw.pairingCode, name: 'phone' }),
    })
    expect(res.status).toBe(201)
    const { token } = (await res.json()) as { token: string }
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
    const host = `127.0.0.1:${gw.port}`
    expect((await call('/api/printer', { headers: lan({ cookie }) })).status).toBe(200)
    const sameOrigin = await call('/api/printer/bed-cleared', {
      method: 'POST',
      headers: lan({ cookie, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }),
    })
    expect(sameOrigin.status).toBe(200)
    const forged = await call('/api/print-request', {
      method: 'POST',
      headers: lan({ cookie, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }),
      body: 'user_request=print+a+20+mm+cube+now+please',
    })
    expect(forged.status).toBe(403)
    expect(await forged.json()).toMatchObject({ error: 'CSRF_REJECTED' })
    const forgedNoFetchMetadata = await call('/api/printer/emergency-stop', { method: 'POST', headers: lan({ cookie, origin: 'http://evil.example' }) })
    expect(forgedNoFetchMetadata.status).toBe(403)
    expect(gw.printer.status().state).not.toBe('error')

    const tokens = (await (await call('/api/auth/tokens', { headers: lan({ 'x-api-key': gw.adminKey }) })).json()) as {
      id: string
      name: string
      kind: string
    }[]
    const device = tokens.find((t) => t.name === 'phone' && t.kind === 'device')!
    expect((await call('/api/printer', { headers: lan({ authorization: `Bearer ${token}` }) })).status).toBe(200)
    const revoked = await call(`/api/auth/tokens/${device.id}`, { method: 'DELETE', headers: lan({ 'x-api-key': gw.adminKey }) })
    expect(revoked.status).toBe(204)
    expect((await call('/api/printer', { headers: lan({ authorization: `Bearer ${token}` }) })).status).toBe(401)
    expect((await call('/api/printer', { headers: lan({ cookie }) })).status).toBe(401)
  })

  it('does not let a read-only device read the pairing code off the console log', async () => {
    const started = (await (await call('/api/auth/pairing', { method: 'POST', headers: lan({ 'x-api-key': gw.adminKey }) })).json()) as { code: string }
    await until(() => gw.printer.recentConsole().some((l) => l.line.includes(started.code)), 5000, 'code on the display')
    const reader = gw.security.store.issue({ kind: 'device', name: 'reader', scopes: ['read'] }).token
    const res = await call('/api/printer/console', { headers: lan({ 'x-api-key': reader }) })
    expect(res.status).toBe(403)
    const admin = await call('/api/printer/console', { headers: lan({ 'x-api-key': gw.adminKey }) })
    expect(await admin.text()).toContain(started.code)
  })

  it('locks pairing after five wrong codes', async () => {
    const started = await call('/api/auth/pairing', { method: 'POST', headers: lan({ 'x-api-key': gw.adminKey }) })
    const { code } = (await started.json()) as { code: string }
    const wrong = code === '999999' ? '999998' : '999999'
    const attempt = (c: string) =>
      call('/api/auth/pair', { method: 'POST', headers: lan({ 'content-type': 'application/json' }), body: JSON.stringify({ code: c, name: 'intruder' }) })
    for (let i = 0; i < 5; i++) expect((await attempt(wrong)).status).toBe(401)
    const locked = await attempt(code)
    expect(locked.status).toBe(429)
    const status = (await (await call('/api/auth/status', { headers: lan() })).json()) as { pairing: { locked: boolean } }
    expect(status.pairing.locked).toBe(true)
  })

  it('sends the security headers and a strict CSP with the UI', async () => {
    const res = await call('/', { headers: lan() })
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const denied = await call('/api/printer', { headers: lan() })
    expect(denied.headers.get('content-security-policy')).toContain("default-src 'self'")
  })
})
