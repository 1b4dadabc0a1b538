import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { bodyCap, deepJsonGuard } from './body-cap.js'
import { jsonNestsDeeperThan } from './json-depth.js'

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

describe('jsonNestsDeeperThan', () => {
  it.each([
    [nested(64), false],
    [nested(65), true],
    ['['.repeat(5000), true],
    [`{"s": "${'['.repeat(100)}"}`, false],
    [`{"s": "\\"${'{'.repeat(100)}"}`, false],
    ['[[1],[2],[3]]', false],
  ])('%#', (text, deep) => expect(jsonNestsDeeperThan(text, 64)).toBe(deep))
})

describe('bodyCap', () => {
  const app = new Hono()
  app.use('*', bodyCap({ maxBytes: 1024 * 1024 }), deepJsonGuard)
  app.post('/api/print-request', async (c) => c.json(await c.req.json()))
  it('refuses a body nested 5,000 deep with 400 JSON_TOO_DEEP and passes a shallow one through', async () => {
    const deep = await app.request('/api/print-request', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"user_request":"x","metadata":${nested(5000)}}`,
    })
    expect(deep.status).toBe(400)
    expect(await deep.json()).toMatchObject({ error: 'JSON_TOO_DEEP' })
    const shallow = await app.request('/api/print-request', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { a: [1] } }),
    })
    expect(await shallow.json()).toEqual({ metadata: { a: [1] } })
  })
})
