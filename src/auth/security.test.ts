// Tests the composed security chain on a tiny app: first run, pairing over HTTP, cookie, tokens, revocation.
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createLogger } from '../core/logger.js'
import { openDatabase, type Db } from '../storage/db.js'
import { createSecurity, type SecurityDeps } from './security.js'

let db: Db | undefined
afterEach(() => db?.close())

function setup(options: SecurityDeps['options'] = {}) {
  db = openDatabase(':memory:')
  const lines: string[] = []
  let peer = '192.168.1.30'
  const security = createSecurity({
    db,
    clock: createFakeClock(),
    logger: createLogger({ write: (l) => lines.push(l) }),
    options,
    addressSource: () => peer,
  })
  const app = new Hono()
  app.use('*', security.middleware)
  app.get('/api/printer', (c) => c.json({ state: 'operational', who: c.get('principal').name }))
  app.post('/api/job', (c) => c.body(null, 204))
  app.post('/api/printer/command', async (c) => c.json({ sent: ((await c.req.json()) as { command: string }).command }))
  app.get('/', (c) => c.html('<h1>ui</h1>'))
  return { app, security, lines, setPeer: (p: string) => (peer = p) }
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
})

describe('createSecurity', () => {
  it('creates and logs an admin key on first run only', () => {
    const { security, lines } = setup()
    const first = security.start()
    expect(first.adminKey).toMatch(/^pg\./)
    expect(lines.some((l) => l.includes(first.adminKey!))).toBe(true)
    expect(security.store.verify(first.adminKey!)?.scopes).toEqual(['read', 'control', 'files', 'admin'])
    expect(security.start().adminKey).toBeNull()
  })

  it('pairs a phone over HTTP: token, HttpOnly SameSite=Strict cookie, then status says authenticated', async () => {
    const { app, security } = setup()
    const { pairingCode } = security.start()
    const anon = await app.request('/api/auth/status')
    expect(await anon.json()).toMatchObject({ authenticated: false, pairing: { active: true } })
    const res = await app.request('/api/auth/pair', json({ code: pairingCode, name: 'Ana phone' }))
    expect(res.status).toBe(201)
    const body = (await res.json()) as { token: string; scopes: string[] }
    expect(body.token).toMatch(/^pg\./)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^printgate_session=pg\./)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect(cookie).toContain('Path=/')
    const session = cookie.split(';')[0]!
    const status = await app.request('/api/auth/status', { headers: { cookie: session } })
    expect(await status.json()).toMatchObject({ authenticated: true, via: 'cookie', name: 'Ana phone' })
    expect((await app.request('/api/printer', { headers: { authorization: `Bearer ${body.token}` } })).status).toBe(200)
  })

  it('locks pairing after five wrong codes over HTTP (429), even for the right code', async () => {
    const { app, security } = setup()
    const { pairingCode } = security.start()
    const wrong = pairingCode === '000000' ? '000001' : '000000'
    for (let i = 0; i < 5; i++) expect((await app.request('/api/auth/pair', json({ code: wrong, name: 'x' }))).status).toBe(401)
    const locked = await app.request('/api/auth/pair', json({ code: pairingCode, name: 'x' }))
    expect(locked.status).toBe(429)
    expect(await locked.json()).toMatchObject({ error: 'PAIRING_LOCKED' })
  })

  it('validates pairing bodies', async () => {
    const { app } = setup()
    expect((await app.request('/api/auth/pair', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400)
    expect((await app.request('/api/auth/pair', json({ code: '1', name: '' }))).status).toBe(422)
    expect((await app.request('/api/auth/pair', json({ code: '1', name: 'a', extra: 1 }))).status).toBe(422)
  })

  it('lists, creates and revokes tokens as admin; a revoked token stops at once', async () => {
    const { app, security } = setup()
    const { adminKey } = security.start()
    const admin = { 'x-api-key': adminKey! }
    const created = await app.request('/api/auth/tokens', json({ name: 'PrusaSlicer', scopes: ['read', 'files', 'control'] }, admin))
    expect(created.status).toBe(201)
    const key = (await created.json()) as { token: string; id: string }
    const list = (await (await app.request('/api/auth/tokens', { headers: admin })).json()) as { id: string; name: string }[]
    expect(list.map((t) => t.name)).toEqual(['admin (first run)', 'PrusaSlicer'])
    expect(JSON.stringify(list)).not.toContain(key.token)
    expect((await app.request('/api/job', { method: 'POST', headers: { 'x-api-key': key.token } })).status).toBe(204)
    expect((await app.request(`/api/auth/tokens/${key.id}`, { method: 'DELETE', headers: admin })).status).toBe(204)
    expect((await app.request('/api/job', { method: 'POST', headers: { 'x-api-key': key.token } })).status).toBe(401)
    expect((await app.request(`/api/auth/tokens/${key.id}`, { method: 'DELETE', headers: admin })).status).toBe(404)
    expect((await app.request('/api/auth/tokens', { headers: { 'x-api-key': key.token } })).status).toBe(401)
  })

  it('answers malformed token ids with 404, never 500', async () => {
    const { app, setPeer } = setup()
    setPeer('127.0.0.1')
    for (const id of ['%E0%A4%A', '%', 'a%2Fb', '%00', 'x'.repeat(300)]) {
      const res = await app.request(`/api/auth/tokens/${id}`, { method: 'DELETE' })
      expect([id, res.status]).toEqual([id, 404])
    }
  })

  it('needs admin to start pairing or list tokens; a non-admin gets 403', async () => {
    const { app, security } = setup()
    const { token } = security.store.issue({ kind: 'device', name: 'p', scopes: ['read', 'control'] })
    expect((await app.request('/api/auth/pairing', { method: 'POST', headers: { 'x-api-key': token } })).status).toBe(403)
    expect((await app.request('/api/auth/pairing', { method: 'POST' })).status).toBe(401)
  })

  it('lets loopback start pairing and read the code', async () => {
    const { app, setPeer } = setup()
    setPeer('127.0.0.1')
    const res = await app.request('/api/auth/pairing', { method: 'POST' })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) })
  })

  it('lets an unpaired phone ask for a code without ever receiving it', async () => {
    const { app, security } = setup()
    const res = await app.request('/api/auth/pairing/request', { method: 'POST' })
    expect(res.status).toBe(202)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ expiresInMs: 600_000, shownOnDisplay: false })
    expect(Object.keys(body).sort()).toEqual(['expiresInMs', 'shownOnDisplay'])
    expect(security.pairing.state().active).toBe(true)
  })

  it('logout revokes the cookie session', async () => {
    const { app, security } = setup()
    const { pairingCode } = security.start()
    const res = await app.request('/api/auth/pair', json({ code: pairingCode, name: 'b' }))
    const session = (res.headers.get('set-cookie') ?? '').split(';')[0]!
    const out = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie: session, 'sec-fetch-site': 'same-origin' } })
    expect(out.status).toBe(204)
    expect((await app.request('/api/printer', { headers: { cookie: session } })).status).toBe(401)
  })

  it('refuses a public source with 403 and still sends security headers', async () => {
    const { app, setPeer } = setup()
    setPeer('203.0.113.9')
    const res = await app.request('/')
    expect(res.status).toBe(403)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
  })

  it('lets a control token send harmless console commands but not motion; junk is refused', async () => {
    const { app, security } = setup()
    const { token } = security.store.issue({ kind: 'device', name: 'p', scopes: ['read', 'control'] })
    const h = { 'x-api-key': token }
    expect((await app.request('/api/printer/command', json({ command: 'M105' }, h))).status).toBe(200)
    expect((await app.request('/api/printer/command', json({ command: 'G1 X100' }, h))).status).toBe(403)
    expect((await app.request('/api/printer/command', json({ command: '\u0000\u0001' }, h))).status).toBe(403)
    const admin = { 'x-api-key': security.store.issue({ kind: 'admin', name: 'a', scopes: ['admin'] }).token }
    expect((await app.request('/api/printer/command', json({ command: 'G1 X100' }, admin))).status).toBe(200)
    const junk = await app.request('/api/printer/command', json({ command: 'M105\u0000\u00ff' }, admin))
    expect(junk.status).toBe(422)
    expect(await junk.json()).toMatchObject({ error: 'GCODE_INVALID' })
  })

  it('logs a warning for wrong keys, once per address per ten minutes', async () => {
    const { app, lines } = setup()
    for (let i = 0; i < 3; i++) expect((await app.request('/api/printer', { headers: { 'x-api-key': 'guess' + i } })).status).toBe(401)
    const warnings = lines.filter((l) => l.includes('wrong or revoked'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('192.168.1.30')
  })

  it('caps JSON bodies', async () => {
    const { app } = setup({ jsonLimitBytes: 2048 })
    const res = await app.request('/api/auth/pair', json({ code: '1', name: 'x'.repeat(5000) }))
    expect(res.status).toBe(413)
  })
})
