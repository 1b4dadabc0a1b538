import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../core/logger.js'
import { requestLog } from './request-log.js'

function appWithLog(level: 'debug' | 'info') {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ level, write: (l) => lines.push(JSON.parse(l)) })
  const app = new Hono()
  app.use(
    '*',
    requestId(),
    requestLog(logger, () => 0),
  )
  app.get('/api/status', (c) => c.json({ ok: true }))
  app.post('/api/print-request', (c) => c.json({ ok: true }, 201))
  app.get('/boom', () => {
    throw new Error('boom')
  })
  return { app, lines }
}

describe('requestLog', () => {
  it('logs a change at info with the request id it also returns', async () => {
    const { app, lines } = appWithLog('info')
    const res = await app.request('/api/print-request', { method: 'POST' })
    const id = res.headers.get('x-request-id')
    expect(id).toBeTruthy()
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'request', requestId: id, method: 'POST', path: '/api/print-request', status: 201 })])
  })

  it('keeps polling reads out of the journal unless debug is on', async () => {
    const quiet = appWithLog('info')
    await quiet.app.request('/api/status')
    expect(quiet.lines).toEqual([])
    const loud = appWithLog('debug')
    await loud.app.request('/api/status')
    expect(loud.lines[0]).toMatchObject({ level: 'debug', status: 200 })
  })

  it('logs a server error at error level', async () => {
    const { app, lines } = appWithLog('info')
    expect((await app.request('/boom')).status).toBe(500)
    expect(lines[0]).toMatchObject({ level: 'error', path: '/boom', status: 500 })
  })

  it('reuses a sane incoming X-Request-Id', async () => {
    const { app, lines } = appWithLog('info')
    await app.request('/api/print-request', { method: 'POST', headers: { 'X-Request-Id': 'phone-42' } })
    expect(lines[0]).toMatchObject({ requestId: 'phone-42' })
  })
})
