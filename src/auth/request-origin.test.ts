// Tests the Origin / Sec-Fetch-Site / Host readings behind the CSRF and DNS-rebinding checks.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { isAllowedOrigin, isLocalHostName, isSameOrigin, originAcceptable } from './request-origin.js'

async function probe(headers: Record<string, string>, url = 'http://192.168.1.2:8000/x') {
  const app = new Hono().all('/x', (c) => c.json({ same: isSameOrigin(c), acceptable: originAcceptable(c, ['http://app.example']) }))
  return (await (await app.request(url, { method: 'POST', headers })).json()) as { same: boolean; acceptable: boolean }
}

describe('isSameOrigin / originAcceptable', () => {
  it('prefers Sec-Fetch-Site', async () => {
    expect((await probe({ 'sec-fetch-site': 'same-origin', origin: 'http://evil.example' })).same).toBe(true)
    expect((await probe({ 'sec-fetch-site': 'same-site', origin: 'http://192.168.1.2:8000' })).same).toBe(false)
    expect((await probe({ 'sec-fetch-site': 'none' })).same).toBe(false)
  })
  it('falls back to Origin against the Host header', async () => {
    expect((await probe({ origin: 'http://192.168.1.2:8000', host: '192.168.1.2:8000' })).same).toBe(true)
    expect((await probe({ origin: 'http://192.168.1.2:8001', host: '192.168.1.2:8000' })).same).toBe(false)
    expect((await probe({ origin: 'null', host: '192.168.1.2:8000' })).same).toBe(false)
    expect((await probe({ origin: 'file://', host: '192.168.1.2:8000' })).same).toBe(false)
    expect((await probe({})).same).toBe(false)
  })
  it('accepts an allowlisted origin, or none at all, for WebSockets', async () => {
    expect((await probe({ origin: 'http://app.example', host: '192.168.1.2:8000' })).acceptable).toBe(true)
    expect((await probe({ origin: 'http://evil.example', host: '192.168.1.2:8000' })).acceptable).toBe(false)
    expect((await probe({ host: '192.168.1.2:8000' })).acceptable).toBe(true)
    expect(isAllowedOrigin('http://app.example/', ['http://app.example'])).toBe(true)
  })
})

describe('isLocalHostName', () => {
  const own = ['192.168.1.2', 'fe80::1']
  it.each([
    'localhost',
    'localhost:8000',
    '127.0.0.1:8000',
    '127.1.2.3',
    '[::1]:8000',
    'printer.localhost',
    '192.168.1.2',
    '192.168.1.2:8000',
    '[fe80::1]:80',
    'pi.local',
    'PI',
  ])('%s is local', (h) => expect(isLocalHostName(h, ['pi', 'pi.local'], own)).toBe(true))
  it.each(['evil.example', 'evil.example:8000', 'localhost.evil.example', '', 'pi.local.evil.example', '192.168.1.3', '8.8.8.8:80', '[2001:db8::1]'])(
    '%s is not',
    (h) => expect(isLocalHostName(h, ['pi', 'pi.local'], own)).toBe(false),
  )
})
