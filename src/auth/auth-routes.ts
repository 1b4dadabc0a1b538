// The /api/auth routes: status, pairing, API keys and device tokens (list, create, revoke), logout.
import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { GatewayError, isGatewayError } from '../core/errors.js'
import type { Principal } from './access-control.js'
import { presentedCredentials, SESSION_COOKIE } from './credentials.js'
import type { Pairing } from './pairing.js'
import { SCOPES } from './scopes.js'
import type { TokenRecord, TokenStore } from './token-store.js'

export interface AuthRoutesOptions {
  store: TokenStore
  pairing: Pairing
  anonymousRead: boolean
  sessionTtlMs?: number
}

const nameSchema = z.string().trim().min(1).max(64).regex(/^[\x20-\x7e\u00a0-\uffff]+$/, 'printable characters only')
const scopesSchema = z.array(z.enum(SCOPES)).min(1).max(SCOPES.length)
const pairBody = z.strictObject({ code: z.string().max(32), name: nameSchema, scopes: scopesSchema.optional() })
const keyBody = z.strictObject({ name: nameSchema, scopes: scopesSchema.default(['read', 'control', 'files']) })

async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch (cause) {
    throw new GatewayError('INVALID_JSON', undefined, { cause })
  }
  const result = schema.safeParse(raw)
  if (!result.success) {
    const detail = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    throw new GatewayError('VALIDATION_FAILED', undefined, { detail })
  }
  return result.data
}

const publicRecord = (r: TokenRecord) => ({
  id: r.id, kind: r.kind, name: r.name, scopes: r.scopes, parentId: r.parentId,
  createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, expiresAt: r.expiresAt,
})

/** A Hono sub-app holding every /api/auth route; mount it with `app.route('/', routes)`. Scopes come from access control. */
export function createAuthRoutes({ store, pairing, anonymousRead, sessionTtlMs = 30 * 24 * 3600_000 }: AuthRoutesOptions): Hono {
  const app = new Hono()
  app.onError((error, c) => {
    if (isGatewayError(error)) return c.json(error.toJSON(), error.status as 400)
    throw error
  })

  app.get('/api/auth/status', (c) => {
    const principal: Principal | undefined = c.get('principal')
    const authenticated = principal !== undefined && principal.kind !== 'anonymous'
    return c.json({
      authenticated,
      via: authenticated ? principal.via : null,
      name: authenticated ? principal.name : null,
      scopes: authenticated ? principal.scopes : [],
      tokenId: authenticated ? principal.tokenId : null,
      anonymousRead,
      external: c.get('externalClient') ?? false,
      pairing: pairing.state(),
    })
  })

  app.post('/api/auth/pair', async (c) => {
    const body = await readBody(c, pairBody)
    const { device, session } = pairing.pair(body)
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: Math.floor(sessionTtlMs / 1000),
    })
    return c.json({ token: device.token, tokenId: device.record.id, name: device.record.name, scopes: device.record.scopes }, 201)
  })

  app.post('/api/auth/pairing', (c) => c.json(pairing.start(), 201))

  app.post('/api/auth/logout', (c) => {
    const principal = c.get('principal')
    const cookie = presentedCredentials(c).find((p) => p.source === 'cookie')
    if (principal?.via === 'cookie' && principal.tokenId && cookie) store.revoke(principal.tokenId)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  })

  app.get('/api/auth/tokens', (c) => c.json(store.list().map(publicRecord)))

  app.post('/api/auth/tokens', async (c) => {
    const body = await readBody(c, keyBody)
    const { token, record } = store.issue({ kind: 'key', name: body.name, scopes: body.scopes })
    return c.json({ token, ...publicRecord(record) }, 201)
  })

  app.delete('/api/auth/tokens/:id', (c) => {
    if (!store.revoke(c.req.param('id'))) throw new GatewayError('TOKEN_NOT_FOUND')
    return c.body(null, 204)
  })
  return app
}
