// OctoPrint's appkeys routes (probe, request, poll) and the admin's list and Allow/Deny decision the phone UI uses.
import { Hono } from 'hono'
import { z } from 'zod'
import type { Principal } from '../auth/access-control.js'
import type { AppKeyRequests } from './app-keys.js'
import { readCommand, requestOrigin } from './request-context.js'

const RequestBody = z.object({ app: z.string().trim().min(1).max(80), user: z.string().trim().min(1).max(80).optional() })
const DecisionBody = z.strictObject({ decision: z.boolean() })

/**
 * Without credentials wired (`requests` null) the app side answers 404, as an OctoPrint without the plugin,
 * and the admin's list is empty: there is nothing to decide.
 */
export function createAppKeyRoutes(requests: AppKeyRequests | null): Hono {
  const app = new Hono()
  app.get('/plugin/appkeys/pending', (c) =>
    c.json({ requests: (requests?.pending() ?? []).map((r) => ({ id: r.id, app: r.app, user: r.user, expires_in_s: Math.round(r.expiresInMs / 1000) })) }),
  )
  if (!requests) return app
  app.get('/plugin/appkeys/probe', (c) => c.body(null, 204))
  app.post('/plugin/appkeys/request', async (c) => {
    const body = await readCommand(c, RequestBody)
    const { appToken } = requests.request(body.app, body.user ?? null)
    c.header('Location', `${requestOrigin(c)}/plugin/appkeys/request/${appToken}`)
    return c.json({ app_token: appToken }, 201)
  })
  app.get('/plugin/appkeys/request/:token', (c) => {
    const result = requests.poll(c.req.param('token'))
    return result.state === 'pending' ? c.json({}, 202) : c.json({ api_key: result.apiKey }, 200)
  })
  // admin only (src/auth/scopes.ts), like the list above: the phone UI's Allow / Deny
  app.post('/plugin/appkeys/decision/:id', async (c) => {
    const body = await readCommand(c, DecisionBody)
    const principal = c.get('principal') as Principal | undefined
    requests.decide(c.req.param('id'), body.decision, principal?.name ?? 'loopback')
    return c.body(null, 204)
  })
  return app
}
