// The app-key request state machine on a fake clock: pending, approved once, denied, expired, capped.
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { isGatewayError } from '../core/errors.js'
import { APP_KEY_SCOPES, APPROVED_TTL_MS, createAppKeyRequests, PENDING_TTL_MS } from './app-keys.js'
import type { AppCredentials } from './deps.js'

function setup() {
  const issued: { name: string; scopes: readonly string[] }[] = []
  const credentials: AppCredentials = {
    issue: (name, scopes) => (issued.push({ name, scopes }), { token: `pg.key${issued.length}`, id: `id${issued.length}` }),
    isLive: () => true,
  }
  const clock = createFakeClock(1000)
  return { clock, issued, requests: createAppKeyRequests(credentials, clock) }
}
const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return isGatewayError(error) ? error.code : 'other'
  }
  return null
}

describe('app-key requests', () => {
  it('stays pending until allowed, hands the key out once, then forgets the request', () => {
    const { requests, issued } = setup()
    const { appToken } = requests.request('Home Assistant', 'owner')
    expect(requests.poll(appToken)).toEqual({ state: 'pending' })
    const [pending] = requests.pending()
    expect(pending).toMatchObject({ app: 'Home Assistant', user: 'owner' })
    requests.decide(pending!.id, true, 'admin')
    expect(requests.poll(appToken)).toEqual({ state: 'approved', apiKey: 'pg.key1' })
    expect(issued[0]).toMatchObject({ scopes: APP_KEY_SCOPES })
    expect(issued[0]!.scopes).not.toContain('admin')
    expect(code(() => requests.poll(appToken))).toBe('APP_KEY_REQUEST_UNKNOWN')
  })

  it('answers a denied request as unknown and issues nothing', () => {
    const { requests, issued } = setup()
    const { appToken } = requests.request('OctoApp', null)
    requests.decide(requests.pending()[0]!.id, false, 'admin')
    expect(code(() => requests.poll(appToken))).toBe('APP_KEY_REQUEST_UNKNOWN')
    expect(issued).toEqual([])
    expect(requests.pending()).toEqual([])
  })

  it('expires a pending request, and an approved key nobody fetched', () => {
    const { requests, clock } = setup()
    const first = requests.request('Cura', null)
    clock.advance(PENDING_TTL_MS)
    expect(code(() => requests.poll(first.appToken))).toBe('APP_KEY_REQUEST_UNKNOWN')
    expect(requests.pending()).toEqual([])
    const second = requests.request('Cura', null)
    requests.decide(requests.pending()[0]!.id, true, 'admin')
    clock.advance(APPROVED_TTL_MS)
    expect(code(() => requests.poll(second.appToken))).toBe('APP_KEY_REQUEST_UNKNOWN')
    expect(code(() => requests.decide('nope', true, 'admin'))).toBe('APP_KEY_REQUEST_UNKNOWN')
  })

  it('keeps one request per app and user, and caps the waiting list', () => {
    const { requests } = setup()
    requests.request('OctoPod', null)
    requests.request('OctoPod', null)
    expect(requests.pending()).toHaveLength(1)
    for (let i = 0; i < 15; i++) requests.request(`app ${i}`, null)
    expect(code(() => requests.request('one too many', null))).toBe('APP_KEY_REQUESTS_FULL')
  })
})
