// Tests access control on a tiny app: loopback trust, credentials, scopes, anonymous read, CSRF, rebinding.
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../storage/db.js'
import { accessControl, type AccessControlOptions } from './access-control.js'
import { SESSION_COOKIE } from './credentials.js'
import { createTokenStore } from './token-store.js'

let db: Db | undefined
afterEach(() => db?.close())

function setup(peer: string, options: Partial<AccessControlOptions> = {}) {
  db = openDatabase(':memory:')
  const store = createTokenStore(db)
  const app = new Hono()
  app.use('*', accessControl({ store, clientAddress: () => peer, ...options }))
  const ok = (c: import('hono').Context) => c.json({ principal: c.get('principal') })
  app.get('/api/printer', ok)
  app.get('/api/files', ok)
  app.get('/api/auth/status', ok)
  app.get('/', ok)
  app.post('/api/job', ok)
  app.post('/api/files/local', ok)
  app.post('/api/printer/command', ok)
  const issue = (scopes: Parameters<typeof store.issue>[0]['scopes'], kind: 'device' | 'session' | 'key' = 'device') =>
    store.issue({ kind, name: 'test', scopes })
  return { app, store, issue }
}

const LAN = '192.168.1.40'

describe('accessControl', () => {
  it('trusts loopback without a credential', async () => {
    const { app } = setup('127.0.0.1')
    const res = await app.request('/api/job', { method: 'POST' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { principal: unknown }).principal).toMatchObject({ kind: 'loopback' })
  })

  it('gives a LAN client without a credential 401 on reads and control, with WWW-Authenticate', async () => {
    const { app } = setup(LAN)
    for (const [path, method] of [
      ['/api/printer', 'GET'],
      ['/api/job', 'POST'],
      ['/api/printer/command', 'POST'],
    ] as const) {
      const res = await app.request(path, { method })
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
      expect(await res.json()).toMatchObject({ error: 'UNAUTHORIZED' })
    }
  })

  it('serves public routes to anyone', async () => {
    const { app } = setup(LAN)
    expect((await app.request('/')).status).toBe(200)
    expect((await app.request('/api/auth/status', { headers: { 'x-api-key': 'junk' } })).status).toBe(200)
  })

  it('accepts X-Api-Key and Bearer, and enforces scopes', async () => {
    const { app, issue } = setup(LAN)
    const reader = issue(['read'])
    expect((await app.request('/api/printer', { headers: { 'x-api-key': reader.token } })).status).toBe(200)
    expect((await app.request('/api/printer', { headers: { authorization: `Bearer ${reader.token}` } })).status).toBe(200)
    const denied = await app.request('/api/job', { method: 'POST', headers: { 'x-api-key': reader.token } })
    expect(denied.status).toBe(403)
    expect(await denied.json()).toMatchObject({ error: 'FORBIDDEN', detail: { needed: 'control' } })
    const slicer = issue(['read', 'files'], 'key')
    expect((await app.request('/api/files/local', { method: 'POST', headers: { 'x-api-key': slicer.token } })).status).toBe(200)
  })

  it('treats an empty X-Api-Key as none and ignores Basic beside a valid key', async () => {
    const { app, issue } = setup(LAN)
    expect((await app.request('/api/printer', { headers: { 'x-api-key': '' } })).status).toBe(401)
    const key = issue(['read'])
    const res = await app.request('/api/printer', { headers: { 'x-api-key': key.token, authorization: 'Basic dXNlcjpwYXNz' } })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { principal: unknown }).principal).toMatchObject({ via: 'key' })
  })

  it('refuses a wrong key with 401 even from loopback', async () => {
    const { app } = setup('127.0.0.1')
    expect((await app.request('/api/printer', { headers: { 'x-api-key': 'wrong' } })).status).toBe(401)
  })

  it('stops a revoked token at once', async () => {
    const { app, issue, store } = setup(LAN)
    const t = issue(['read'])
    expect((await app.request('/api/printer', { headers: { authorization: `Bearer ${t.token}` } })).status).toBe(200)
    store.revoke(t.record.id)
    expect((await app.request('/api/printer', { headers: { authorization: `Bearer ${t.token}` } })).status).toBe(401)
  })

  describe('session cookie', () => {
    const cookie = (token: string) => `${SESSION_COOKIE}=${token}`
    it('authenticates reads without Origin', async () => {
      const { app, issue } = setup(LAN)
      const s = issue(['read', 'control'], 'session')
      const res = await app.request('/api/printer', { headers: { cookie: cookie(s.token) } })
      expect(((await res.json()) as { principal: unknown }).principal).toMatchObject({ via: 'cookie' })
    })
    it('allows same-origin mutating requests', async () => {
      const { app, issue } = setup(LAN)
      const s = issue(['read', 'control'], 'session')
      const viaFetchMeta = await app.request('http://printgate.local:8000/api/job', {
        method: 'POST',
        headers: { cookie: cookie(s.token), 'sec-fetch-site': 'same-origin' },
      })
      expect(viaFetchMeta.status).toBe(200)
      const viaOrigin = await app.request('http://192.168.1.2:8000/api/job', {
        method: 'POST',
        headers: { cookie: cookie(s.token), origin: 'http://192.168.1.2:8000', host: '192.168.1.2:8000' },
      })
      expect(viaOrigin.status).toBe(200)
    })
    it('refuses a cross-site form POST carrying the cookie', async () => {
      const { app, issue } = setup(LAN)
      const s = issue(['read', 'control'], 'session')
      const res = await app.request('http://192.168.1.2:8000/api/job', {
        method: 'POST',
        headers: {
          cookie: cookie(s.token),
          origin: 'http://evil.example',
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'command=cancel',
      })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ error: 'CSRF_REJECTED' })
      const sameSite = await app.request('http://192.168.1.2:8000/api/job', {
        method: 'POST',
        headers: { cookie: cookie(s.token), origin: 'http://192.168.1.2:9999', host: '192.168.1.2:8000' },
      })
      expect(sameSite.status).toBe(403)
      const noMarks = await app.request('/api/job', { method: 'POST', headers: { cookie: cookie(s.token) } })
      expect(noMarks.status).toBe(403)
    })
    it('ignores a stale cookie (anonymous, so 401 on protected routes)', async () => {
      const { app } = setup(LAN)
      expect((await app.request('/api/printer', { headers: { cookie: cookie('pg.stale') } })).status).toBe(401)
    })
    it('exempts key and Bearer requests from the CSRF check', async () => {
      const { app, issue } = setup(LAN)
      const k = issue(['control'], 'key')
      const res = await app.request('/api/job', { method: 'POST', headers: { 'x-api-key': k.token, origin: 'http://elsewhere.example' } })
      expect(res.status).toBe(200)
    })
  })

  describe('browsers on the gateway itself', () => {
    it('refuses a cross-site POST to loopback (a page in a local browser)', async () => {
      const { app } = setup('127.0.0.1')
      const res = await app.request('http://localhost:8000/api/job', {
        method: 'POST',
        headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      })
      expect(res.status).toBe(403)
    })
    it('does not trust a rebinding page (foreign Host) on loopback', async () => {
      const { app } = setup('127.0.0.1')
      const res = await app.request('http://evil.example:8000/api/printer', { headers: { 'sec-fetch-site': 'same-origin', host: 'evil.example:8000' } })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ error: 'HOST_NOT_ALLOWED', detail: { host: 'evil.example:8000' } })
      // browsers send neither Origin nor Sec-Fetch-Site on some same-origin GETs: the Host alone decides
      const bare = await app.request('http://evil.example:8000/api/printer/console', { headers: { host: 'evil.example:8000' } })
      expect(bare.status).toBe(403)
      const own = await app.request('http://localhost:8000/api/printer', { headers: { 'sec-fetch-site': 'same-origin', host: 'localhost:8000' } })
      expect(own.status).toBe(200)
    })
    it('does not trust loopback requests forwarded by a local reverse proxy', async () => {
      const { app } = setup('127.0.0.1')
      expect((await app.request('/api/printer', { headers: { 'x-forwarded-for': '192.168.1.9' } })).status).toBe(401)
      expect((await app.request('/api/printer', { headers: { forwarded: 'for=8.8.8.8' } })).status).toBe(401)
      expect((await app.request('/api/printer', { headers: { 'x-real-ip': '8.8.8.8' } })).status).toBe(401)
    })
    it('can turn loopback trust off', async () => {
      const { app } = setup('127.0.0.1', { trustLoopback: false })
      expect((await app.request('/api/printer')).status).toBe(401)
    })
  })

  describe('anonymous read opt-in', () => {
    it('lets status through but not files or control', async () => {
      const { app } = setup(LAN, { anonymousRead: true })
      expect((await app.request('/api/printer')).status).toBe(200)
      expect((await app.request('/api/files')).status).toBe(401)
      expect((await app.request('/api/job', { method: 'POST' })).status).toBe(401)
    })
  })

  it('lets adjustAccess lower the need for a control holder', async () => {
    const { app, issue } = setup(LAN, { adjustAccess: async (c, needed) => (c.req.header('x-harmless') ? 'control' : needed) })
    const t = issue(['control'])
    const headers = { 'x-api-key': t.token }
    expect((await app.request('/api/printer/command', { method: 'POST', headers })).status).toBe(403)
    expect((await app.request('/api/printer/command', { method: 'POST', headers: { ...headers, 'x-harmless': '1' } })).status).toBe(200)
  })
})

describe('requireScope', () => {
  it('throws FORBIDDEN when the principal lacks the scope, passes otherwise', async () => {
    const { requireScope } = await import('./access-control.js')
    const { app, issue } = setup(LAN)
    app.post('/api/files', (c) => {
      requireScope(c, 'control')
      return c.text('printing')
    })
    app.onError((e, c) => c.json({ error: (e as { code?: string }).code }, 403))
    const files = issue(['files'])
    const both = issue(['files', 'control'])
    const denied = await app.request('/api/files', { method: 'POST', headers: { 'x-api-key': files.token } })
    expect(await denied.json()).toEqual({ error: 'FORBIDDEN' })
    expect((await app.request('/api/files', { method: 'POST', headers: { 'x-api-key': both.token } })).status).toBe(200)
  })
})
