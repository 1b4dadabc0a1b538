// HTTP routes of notifications: the URLs in settings (admin to change), "Send test".
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { GatewayError } from '../core/errors.js'
import type { Notifier } from './notifier.js'
import type { NotifySettings } from './settings.js'

export interface NotifyRouteDeps {
  settings: NotifySettings
  notifier: Pick<Notifier, 'sendTo'>
  /** The port the gateway serves HTTPS on, or null: the phone offers web push only there. */
  httpsPort: () => number | null
}

const UrlList = z.strictObject({ urls: z.array(z.string().max(2000)).max(10) })

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
    const failed = await deps.notifier.sendTo(targets, { event: 'test', title: 'printgate test', message: 'Notifications from your printer reach this place.', priority: 3, tags: ['bell'] })
    return c.json({ sent: targets.length - failed.length, failed })
  })
  return app
}
