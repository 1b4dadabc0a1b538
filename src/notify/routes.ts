// HTTP routes of notifications: the URLs in settings (admin to change), "Send test", web push key and subscriptions.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { GatewayError } from '../core/errors.js'
import type { Notifier } from './notifier.js'
import type { NotifySettings } from './settings.js'
import type { WebPush } from './web-push.js'

export interface NotifyRouteDeps {
  settings: NotifySettings
  notifier: Pick<Notifier, 'sendTo'>
  /** The port the gateway serves HTTPS on, or null: the phone offers web push only there. */
  httpsPort: () => number | null
  push: WebPush
}

const UrlList = z.strictObject({ urls: z.array(z.string().max(2000)).max(10) })
const b64 = z
  .string()
  .regex(/^[A-Za-z0-9_-]+=*$/, 'base64url')
  .max(200)
// PushSubscription.toJSON(): expirationTime is the browser's business.
const Subscription = z.object({
  endpoint: z.string().min(1).max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: b64, auth: b64 }),
})
const Endpoint = z.strictObject({ endpoint: z.string().min(1).max(2000) })

/** The JSON body checked against a schema; INVALID_JSON or VALIDATION_FAILED with the first problem. */
export async function bodyOf<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new GatewayError('INVALID_JSON', 'The request body is not valid JSON')
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new GatewayError('VALIDATION_FAILED', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data as z.infer<T>
}

export function createNotifyRoutes(deps: NotifyRouteDeps): Hono {
  const app = new Hono()
  const view = () => ({ ...deps.settings.view(), https_port: deps.httpsPort() })
  app.get('/api/settings/notifications', (c) => c.json(view(), 200, { 'cache-control': 'no-store' }))
  app.put('/api/settings/notifications', async (c) => {
    const { urls } = await bodyOf(c, UrlList)
    deps.settings.save(urls)
    return c.json(view())
  })
  // The URLs in the box (saved or not) get one test notice each; the answer says which failed and why.
  app.post('/api/settings/notifications/test', async (c) => {
    const { urls } = await bodyOf(c, UrlList)
    const targets = deps.settings.resolve(urls)
    if (targets.length === 0) throw new GatewayError('VALIDATION_FAILED', 'urls: enter at least one notification URL')
    const failed = await deps.notifier.sendTo(targets, {
      event: 'test',
      title: 'printgate test',
      message: 'Notifications from your printer reach this place.',
      priority: 3,
      tags: ['bell'],
    })
    return c.json({ sent: targets.length - failed.length, failed })
  })
  app.get('/api/notifications/vapid-key', (c) => c.json({ public_key: deps.push.publicKey, subscriptions: deps.push.count() }))
  app.post('/api/notifications/subscriptions', async (c) => {
    const { endpoint, keys } = await bodyOf(c, Subscription)
    return c.json({ subscribed: true, ...deps.push.subscribe({ endpoint, keys }) }, 201)
  })
  app.delete('/api/notifications/subscriptions', async (c) => {
    const { endpoint } = await bodyOf(c, Endpoint)
    return c.json({ removed: deps.push.unsubscribe(endpoint) })
  })
  return app
}
