// One journal line per request with its id: changes at info, reads at debug (phones poll), failures at warn/error.

import type { MiddlewareHandler } from 'hono'
import type { Logger, LogLevel } from '../core/logger.js'

function levelFor(method: string, status: number): LogLevel {
  if (status >= 500) return 'error'
  if (status >= 400 && status !== 401 && status !== 404) return 'warn'
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'debug' : 'info'
}

/** Runs after hono's requestId(): reads `c.var.requestId`, which also goes back as `X-Request-Id`. */
export function requestLog(logger: Logger, now: () => number = () => performance.now()): MiddlewareHandler {
  return async function requestLog(c, next) {
    const started = now()
    await next()
    const level = levelFor(c.req.method, c.res.status)
    if (!logger.isEnabled(level)) return
    logger[level]('request', {
      requestId: c.get('requestId') as string | undefined,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((now() - started) * 10) / 10,
    })
  }
}
