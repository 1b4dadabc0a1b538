// The API's body cap: oversized JSON gets 413, and bodiless reads never touch the request body.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { jsonBodyLimit } from './json-limit.js'

function appWithLimit(maxBytes: number) {
  const app = new Hono()
  app.use('/api/*', jsonBodyLimit(maxBytes))
  app.all('/api/thing', async (c) => c.json({ length: c.req.method === 'POST' ? (await c.req.text()).length : 0 }))
  return app
}

describe('jsonBodyLimit', () => {
  it('answers 413 PAYLOAD_TOO_LARGE over the cap and passes bodies under it', async () => {
    const app = appWithLimit(1024)
    const big = await app.request('/api/thing', {
      method: 'POST',
      body: JSON.stringify({ pad: 'x'.repeat(2000) }),
      headers: { 'content-type': 'application/json' },
    })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' })
    const small = await app.request('/api/thing', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } })
    expect(await small.json()).toEqual({ length: 7 })
  })

  it('lets GET, HEAD and OPTIONS through without reading their body', async () => {
    const app = appWithLimit(1024)
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      let bodyRead = 0
      const request = new Request('http://gateway/api/thing', { method })
      // The node server's lightweight request builds a whole web Request the first time its body is looked at.
      Object.defineProperty(request, 'body', { get: () => (bodyRead++, null) })
      const response = await app.fetch(request)
      expect(response.status).toBe(200)
      expect(bodyRead).toBe(0)
    }
  })
})
