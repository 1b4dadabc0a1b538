// DNS rebinding: a page served as evil.example that resolves to 127.0.0.1 reaches the gateway over loopback with its own Host.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSecureGateway, type SecureGateway } from './secure-gateway.js'

let gw: SecureGateway
beforeAll(async () => {
  gw = await startSecureGateway({ autoStart: false })
})
afterAll(async () => {
  await gw?.close()
})

/** A loopback request with exactly the headers a browser on the Pi would send for that page (no Origin on same-origin GETs). */
function loopback(method: string, path: string, host: string, body?: string): Promise<{ status: number; json: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: gw.port,
        method,
        path,
        setHost: false,
        headers: { host, ...(body ? { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' } : {}) },
      },
      (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || '{}') as Record<string, any> }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('a rebinding page on loopback', () => {
  it.each([
    ['GET', '/api/printer/console', undefined],
    ['GET', '/api/auth/tokens', undefined],
    ['POST', '/api/auth/pairing', '{}'],
    ['POST', '/api/auth/tokens', '{"name":"evil","scopes":["admin"]}'],
    ['POST', '/api/printer/command', '{"command":"M104 S215"}'],
    ['POST', '/api/printer/command', '{"command":"M502"}'],
  ])('%s %s with Host evil.example is refused with HOST_NOT_ALLOWED', async (method, path, body) => {
    const before = gw.security.store.list().length
    const answer = await loopback(method, path, `evil.example:${gw.port}`, body)
    expect(answer.status).toBe(403)
    expect(answer.json).toMatchObject({ error: 'HOST_NOT_ALLOWED', detail: { host: `evil.example:${gw.port}` } })
    expect(gw.security.store.list().length).toBe(before)
  })

  it('the same requests with a Host naming this machine keep loopback trust', async () => {
    for (const host of [`localhost:${gw.port}`, `127.0.0.1:${gw.port}`, `[::1]:${gw.port}`]) {
      expect((await loopback('GET', '/api/auth/tokens', host)).status, host).toBe(200)
    }
    expect((await loopback('GET', '/api/printer/console', `localhost:${gw.port}`)).status).toBe(200)
  })

  it('a foreign Host with a real credential is served (a rebinding page has none)', async () => {
    const res = await fetch(`${gw.baseUrl}/api/printer`, { headers: { host: 'evil.example', 'x-api-key': gw.adminKey } })
    expect(res.status).toBe(200)
  })
})
