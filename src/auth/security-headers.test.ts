// The strict CSP: inline style allowed only by the hashes a route names, for that response alone.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { securityHeaders, withStyleHashes } from './security-headers.js'

const HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"

function appOf() {
  const app = new Hono()
  app.use('*', securityHeaders())
  app.get('/page', (c) => {
    c.set('inlineStyleHashes', [HASH])
    return c.html('<style></style>')
  })
  app.get('/other', (c) => c.text('ok'))
  app.get('/docs', (c) => {
    c.set('inlineStyleHashes', [HASH])
    return c.text('docs')
  })
  return app
}

describe('securityHeaders inline style hashes', () => {
  it("adds a route's hashes to style-src, keeps 'self' and adds no 'unsafe-inline'", async () => {
    const csp = (await appOf().request('/page')).headers.get('content-security-policy')!
    expect(csp).toContain(`style-src 'self' ${HASH};`)
    expect(csp).toContain("script-src 'self';")
    expect(csp).not.toContain('unsafe-inline')
  })

  it('leaves other responses and the documentation policy as they were', async () => {
    const other = (await appOf().request('/other')).headers.get('content-security-policy')!
    expect(other).toContain("style-src 'self';")
    expect(other).not.toContain('sha256')
    const docs = (await appOf().request('/docs')).headers.get('content-security-policy')!
    expect(docs).toContain("style-src 'self' 'unsafe-inline';")
    expect(docs).not.toContain('sha256')
  })

  it('ignores anything that is not a sha256 source', () => {
    const policy = "default-src 'self'; style-src 'self'; img-src 'self'"
    expect(withStyleHashes(policy, ["'unsafe-inline'", "'sha256-x'; script-src *"])).toBe(policy)
    expect(withStyleHashes(policy, [HASH])).toBe(`default-src 'self'; style-src 'self' ${HASH}; img-src 'self'`)
  })
})
