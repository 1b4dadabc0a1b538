// Tests the small middlewares: security headers and CSP, CORS policy, body cap, WebSocket guard.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { bodyCap, isStreamedUpload } from './body-cap.js'
import { corsPolicy } from './cors-policy.js'
import { securityHeaders } from './security-headers.js'
import { GatewayError } from '../core/errors.js'
import { webSocketGuard } from './ws-guard.js'

describe('securityHeaders', () => {
  const app = new Hono()
  app.use('*', securityHeaders())
  app.get('/', (c) => c.html('<p>ui</p>'))
  app.get('/docs', (c) => c.html('<p>docs</p>'))
  app.get('/boom', () => {
    throw new Error('x')
  })

  it('sets a strict self-only CSP and the usual headers on the UI', async () => {
    const res = await app.request('/')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('permissions-policy')).toContain('camera=()')
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })
  it('relaxes inline script only for the API docs', async () => {
    expect((await app.request('/docs')).headers.get('content-security-policy')).toContain("'unsafe-inline'")
  })
  it('puts headers on error responses too', async () => {
    const res = await app.request('/boom')
    expect(res.status).toBe(500)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('corsPolicy', () => {
  it('sends no CORS headers when no origin is listed', async () => {
    const app = new Hono().use('*', corsPolicy([])).get('/api/x', (c) => c.json({}))
    const res = await app.request('/api/x', { headers: { origin: 'http://evil.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
  it('allows listed origins, without credentials and never *', async () => {
    const app = new Hono().use('*', corsPolicy(['http://app.example'])).get('/api/x', (c) => c.json({}))
    const ok = await app.request('/api/x', { headers: { origin: 'http://app.example' } })
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://app.example')
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull()
    const other = await app.request('/api/x', { headers: { origin: 'http://evil.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await app.request('/api/x', { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' } })
    expect(preflight.status).toBe(204)
  })
  it('refuses wildcards', () => {
    expect(() => corsPolicy(['*'])).toThrow()
    expect(() => corsPolicy(['http://*.lan'])).toThrow()
  })
})

describe('bodyCap', () => {
  const app = new Hono()
  app.use('*', bodyCap({ maxBytes: 1024 }))
  app.post('/api/print-request', async (c) => c.json({ size: (await c.req.text()).length }))
  app.post('/api/files', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }))

  it('refuses big JSON with 413 PAYLOAD_TOO_LARGE, with or without Content-Length', async () => {
    const big = 'x'.repeat(2048)
    const res = await app.request('/api/print-request', { method: 'POST', body: big, headers: { 'content-length': '2048' } })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' })
    const stream = new ReadableStream({
      start(ctl) {
        ctl.enqueue(new TextEncoder().encode(big))
        ctl.close()
      },
    })
    const chunked = await app.request('/api/print-request', { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect(chunked.status).toBe(413)
  })
  it('passes small bodies and leaves uploads to the streaming parser', async () => {
    expect((await app.request('/api/print-request', { method: 'POST', body: '{}' })).status).toBe(200)
    const upload = await app.request('/api/files', { method: 'POST', body: 'x'.repeat(4096) })
    expect(await upload.json()).toEqual({ size: 4096 })
    expect(isStreamedUpload('PUT', '/api/v1/files/local/a.gcode')).toBe(true)
    expect(isStreamedUpload('POST', '/api/print-request')).toBe(false)
  })
})

describe('webSocketGuard', () => {
  function wsApp(open: number) {
    const app = new Hono()
    const slots = {
      take() {
        if (open >= 2) throw new GatewayError('TOO_MANY_CONNECTIONS')
      },
      size: () => open,
    }
    app.use('*', webSocketGuard({ slots, allowedOrigins: ['http://app.example'] }))
    app.get('/ws/progress', (c) => c.text('upgraded'))
    return app
  }
  const up = (headers: Record<string, string>) => ({ headers: { upgrade: 'websocket', host: '192.168.1.2:8000', ...headers } })

  it('accepts same-origin, allowlisted and non-browser upgrades', async () => {
    expect((await wsApp(0).request('/ws/progress', up({ origin: 'http://192.168.1.2:8000' }))).status).toBe(200)
    expect((await wsApp(0).request('/ws/progress', up({ origin: 'http://app.example' }))).status).toBe(200)
    expect((await wsApp(0).request('/ws/progress', up({}))).status).toBe(200)
  })
  it('refuses a foreign Origin with 403', async () => {
    const res = await wsApp(0).request('/ws/progress', up({ origin: 'http://evil.example' }))
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: 'ORIGIN_NOT_ALLOWED' })
    expect((await wsApp(0).request('/ws/progress', up({ origin: 'null' }))).status).toBe(403)
  })
  it('refuses past the connection cap with 503', async () => {
    expect((await wsApp(2).request('/ws/progress', up({}))).status).toBe(503)
  })
})
