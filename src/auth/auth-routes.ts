// The /api/auth routes, served as middleware: status, pairing, API keys and device tokens (list, create, revoke), logout.
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { GatewayError, isGatewayError } from '../core/errors.js'
import type { Principal } from './access-control.js'
import { SESSION_COOKIE } from './credentials.js'
import type { Pairing } from './pairing.js'
import type { RateLimiter } from './rate-limit.js'
import { SCOPES } from './scopes.js'
import type { TokenRecord, TokenStore } from './token-store.js'

export interface AuthRoutesOptions {
  store: TokenStore
  pairing: Pairing
  anonymousRead: boolean
  sessionTtlMs?: number
  /** Per-client limit on the unauthenticated pairing routes (pair, pairing/request). */
  publicLimiter?: RateLimiter
}

const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\x20-\x7e\u00a0-\uffff]+$/, 'printable characters only')
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
  id: r.id,
  kind: r.kind,
  name: r.name,
  scopes: r.scopes,
  parentId: r.parentId,
  createdAt: r.createdAt,
  lastUsedAt: r.lastUsedAt,
  expiresAt: r.expiresAt,
})

/** The pairing routes anyone on the LAN may call: rate-limited per client. */
const PAIRING_PUBLIC = /^\/api\/auth\/(pair|pairing\/request)$/

type Handler = (c: Context) => Response | Promise<Response>

/**
 * Serves the /api/auth routes inside the security chain (so they see the caller's principal) and
 * passes every other request on. Scopes come from access control: pair, status, logout and
 * pairing/request (a code shown on the printer, never returned) are public; pairing and tokens need admin.
 */
export function authRoutes({ store, pairing, anonymousRead, sessionTtlMs = 30 * 24 * 3600_000, publicLimiter }: AuthRoutesOptions): MiddlewareHandler {
  const status: Handler = (c) => {
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
      pairing: pairing.state(c.get('clientAddress')),
    })
  }
  const pair: Handler = async (c) => {
    const body = await readBody(c, pairBody)
    const { device, session } = pairing.pair(body, c.get('clientAddress'))
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: Math.floor(sessionTtlMs / 1000),
    })
    return c.json({ token: device.token, tokenId: device.record.id, name: device.record.name, scopes: device.record.scopes }, 201)
  }
  const logout: Handler = (c) => {
    const principal = c.get('principal')
    if (principal?.via === 'cookie' && principal.tokenId) store.revoke(principal.tokenId)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  }
  const createKey: Handler = async (c) => {
    const body = await readBody(c, keyBody)
    const { token, record } = store.issue({ kind: 'key', name: body.name, scopes: body.scopes })
    return c.json({ token, ...publicRecord(record) }, 201)
  }
  const revoke: Handler = (c) => {
    const id = /^\/api\/auth\/tokens\/([0-9a-f]{16})$/.exec(c.req.path)?.[1]
    if (!id || !store.revoke(id)) throw new GatewayError('TOKEN_NOT_FOUND')
    return c.body(null, 204)
  }
  const table: [string, RegExp, Handler][] = [
    ['GET', /^\/api\/auth\/status$/, status],
    ['POST', /^\/api\/auth\/pair$/, pair],
    ['POST', /^\/api\/auth\/pairing$/, (c) => c.json(pairing.start(), 201)],
    ['POST', /^\/api\/auth\/pairing\/request$/, (c) => c.json(pairing.request(c.get('clientAddress')), 202)],
    ['POST', /^\/api\/auth\/logout$/, logout],
    ['GET', /^\/api\/auth\/tokens$/, (c) => c.json(store.list().map(publicRecord))],
    ['POST', /^\/api\/auth\/tokens$/, createKey],
    ['DELETE', /^\/api\/auth\/tokens\/[^/]+$/, revoke],
  ]
  return async function authRoutes(c, next) {
    if (!c.req.path.startsWith('/api/auth/')) return next()
    const route = table.find(([method, pattern]) => method === c.req.method && pattern.test(c.req.path))
    if (!route) return next()
    if (publicLimiter && PAIRING_PUBLIC.test(c.req.path)) {
      const waitMs = publicLimiter.take(c.get('clientAddress'))
      if (waitMs > 0) {
        c.header('Retry-After', String(Math.ceil(waitMs / 1000)))
        return c.json(new GatewayError('RATE_LIMITED', undefined, { detail: { retryAfterMs: waitMs } }).toJSON(), 429)
      }
    }
    try {
      return await route[2](c)
    } catch (error) {
      if (isGatewayError(error)) return c.json(error.toJSON(), error.status as 400)
      throw error
    }
  }
}
