// Tests the LAN guard and the client-address resolution (X-Forwarded-For only from trusted proxies).
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../core/logger.js'
import { createClientAddress } from './client-address.js'
import { lanGuard } from './lan-guard.js'

function appFrom(peer: string | undefined, options: Partial<Parameters<typeof lanGuard>[0]> & { trustedProxies?: string[] } = {}) {
  const lines: string[] = []
  const app = new Hono()
  const clientAddress = createClientAddress({ source: () => peer, trustedProxies: options.trustedProxies ?? [] })
  app.use('*', lanGuard({ clientAddress, logger: createLogger({ write: (l) => lines.push(l) }), ...options }))
  app.get('/x', (c) => c.json({ address: c.get('clientAddress'), external: c.get('externalClient') }))
  return { app, lines }
}

describe('lanGuard', () => {
  it.each(['127.0.0.1', '192.168.1.20', '10.1.1.1', '100.100.1.1', 'fd00::5', '::ffff:192.168.0.9'])('serves %s', async (peer) => {
    const res = await appFrom(peer).app.request('/x')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ external: false })
  })

  it('refuses a public address with 403 SOURCE_NOT_ALLOWED and logs one warning per address', async () => {
    const { app, lines } = appFrom('8.8.8.8')
    const res = await app.request('/x')
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'SOURCE_NOT_ALLOWED', detail: { address: '8.8.8.8' } })
    await app.request('/x')
    expect(lines.filter((l) => l.includes('"level":"warn"'))).toHaveLength(1)
    expect(lines[0]).toContain('8.8.8.8')
  })

  it('refuses when the source cannot be known', async () => {
    expect((await appFrom(undefined).app.request('/x')).status).toBe(403)
  })

  it('serves owner-allowed networks', async () => {
    const res = await appFrom('203.0.113.5', { allowedNetworks: ['203.0.113.0/24'] }).app.request('/x')
    expect(res.status).toBe(200)
  })

  it('serves a public address when allowPublic is on, flagged external', async () => {
    const { app, lines } = appFrom('8.8.4.4', { allowPublic: true })
    const res = await app.request('/x')
    expect(await res.json()).toEqual({ address: '8.8.4.4', external: true })
    expect(lines.some((l) => l.includes('allowPublic'))).toBe(true)
  })

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const spoof = { headers: { 'x-forwarded-for': '192.168.1.2' } }
    expect((await appFrom('8.8.8.8').app.request('/x', spoof)).status).toBe(403)
    const lanSpoof = { headers: { 'x-forwarded-for': '8.8.8.8' } }
    expect(await (await appFrom('192.168.1.9').app.request('/x', lanSpoof)).json()).toMatchObject({ address: '192.168.1.9' })
  })

  it('takes the right-most untrusted hop behind a trusted proxy', async () => {
    const { app } = appFrom('127.0.0.1', { trustedProxies: ['127.0.0.1'] })
    const res = await app.request('/x', { headers: { 'x-forwarded-for': '192.168.1.50, 8.8.8.8' } })
    expect(res.status).toBe(403)
    const ok = await app.request('/x', { headers: { 'x-forwarded-for': '8.8.8.8, 192.168.1.50' } })
    expect(await ok.json()).toMatchObject({ address: '192.168.1.50' })
    const junk = await app.request('/x', { headers: { 'x-forwarded-for': 'nonsense' } })
    expect(junk.status).toBe(403)
  })
})
