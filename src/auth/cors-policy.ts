// CORS: off unless the owner lists origins; never a wildcard, never with credentials.
import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'

/**
 * With an empty allowlist this does nothing (no Access-Control-* headers: browsers block cross-origin
 * reads). With origins, only those get CORS, without Allow-Credentials, so cross-origin callers
 * must use an API key or Bearer token. `*` is refused when building.
 */
export function corsPolicy(allowedOrigins: readonly string[]): MiddlewareHandler {
  const origins = allowedOrigins.map((o) => o.replace(/\/$/, ''))
  if (origins.some((o) => o.includes('*'))) throw new Error('CORS origins must be listed exactly; wildcards are not allowed')
  const handler = cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'],
    allowHeaders: ['Content-Type', 'X-Api-Key', 'Authorization'],
    exposeHeaders: ['Location', 'X-Total-Count', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  })
  return async function corsPolicy(c, next) {
    if (origins.length === 0) return next()
    return handler(c, next)
  }
}
