// App keys end to end on the real gateway: an app without a key asks, the admin allows or denies, the app polls; the key it gets can print but not administer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startCompatGateway, type CompatGateway } from './compat-gateway.js'

let gw: CompatGateway
beforeAll(async () => {
  gw = await startCompatGateway()
})
afterAll(async () => {
  await gw?.close()
})

const lan = (extra: Record<string, string> = {}) => ({ [PEER_HEADER]: LAN_PEER, ...extra })
const call = (path: string, init: { method?: string; key?: string; body?: unknown } = {}) =>
  fetch(gw.baseUrl + path, {
    method: init.method ?? 'GET',
    headers: lan({ ...(init.key ? { 'X-Api-Key': init.key } : {}), ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) }),
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })

async function ask(app: string): Promise<string> {
  const res = await call('/plugin/appkeys/request', { method: 'POST', body: { app, user: 'owner' } })
  expect(res.status).toBe(201)
  const { app_token } = (await res.json()) as { app_token: string }
  expect(res.headers.get('location')).toBe(`${gw.baseUrl}/plugin/appkeys/request/${app_token}`)
  return app_token
}
async function pendingId(app: string): Promise<string> {
  const res = await call('/plugin/appkeys/pending', { key: gw.adminKey })
  expect(res.status).toBe(200)
  const { requests } = (await res.json()) as { requests: { id: string; app: string }[] }
  return requests.find((r) => r.app === app)!.id
}

describe('app keys (Home Assistant, Cura, OctoApp)', () => {
  it('probe 204, request 201, poll 202 until the admin allows, then 200 with a key once, then 404', async () => {
    expect((await call('/plugin/appkeys/probe')).status).toBe(204)
    const token = await ask('Home Assistant')
    expect((await call(`/plugin/appkeys/request/${token}`)).status).toBe(202)
    const id = await pendingId('Home Assistant')
    // only an admin decides
    expect((await call(`/plugin/appkeys/decision/${id}`, { method: 'POST', key: gw.slicerKey, body: { decision: true } })).status).toBe(403)
    expect((await call('/plugin/appkeys/pending', { key: gw.slicerKey })).status).toBe(403)
    expect((await call(`/plugin/appkeys/decision/${id}`, { method: 'POST', key: gw.adminKey, body: { decision: true } })).status).toBe(204)
    const got = await call(`/plugin/appkeys/request/${token}`)
    expect(got.status).toBe(200)
    const { api_key } = (await got.json()) as { api_key: string }
    expect((await call(`/plugin/appkeys/request/${token}`)).status).toBe(404)

    // the key works as an OctoPrint key: reads and prints, but is no admin
    expect((await call('/api/job', { key: api_key })).status).toBe(200)
    expect((await call('/api/printer/bed', { method: 'POST', key: api_key, body: { command: 'target', target: 0 } })).status).toBe(204)
    expect((await call('/plugin/appkeys/pending', { key: api_key })).status).toBe(403)
    expect(gw.security.store.list().find((r) => r.name.startsWith('Home Assistant (owner)'))?.scopes).toEqual(['read', 'control', 'files'])
  })

  it('Deny: the app polls 404 and no key is issued', async () => {
    const before = gw.security.store.list().length
    const token = await ask('Unknown app')
    expect(
      (await call(`/plugin/appkeys/decision/${await pendingId('Unknown app')}`, { method: 'POST', key: gw.adminKey, body: { decision: false } })).status,
    ).toBe(204)
    expect((await call(`/plugin/appkeys/request/${token}`)).status).toBe(404)
    expect(gw.security.store.list().length).toBe(before)
  })

  it('refuses a malformed request and an unknown token with the stable error codes', async () => {
    const bad = await call('/plugin/appkeys/request', { method: 'POST', body: { user: 'x' } })
    expect(bad.status).toBe(400)
    const unknown = await call('/plugin/appkeys/request/not-a-token')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { error: string }).error).toBe('APP_KEY_REQUEST_UNKNOWN')
  })
})
