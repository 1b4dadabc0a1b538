// WebSocket upgrade checks: Origin and the connection cap (the frame cap is the app's `ws` server option, from security.wsMaxPayloadBytes).
import type { MiddlewareHandler } from 'hono'
import { GatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import { originAcceptable } from './request-origin.js'
import { WS_MAX_CONNECTIONS } from './config.js'

export interface WebSocketGuardOptions {
  /** Open connections right now (for `ws`: `wss.clients.size`). */
  openConnections: () => number
  maxConnections?: number
  /** Extra page origins allowed to open the socket (exact `scheme://host:port`). */
  allowedOrigins?: readonly string[]
  logger?: Logger
}

const isUpgrade = (upgrade: string | undefined) => upgrade?.toLowerCase() === 'websocket'

/**
 * On WebSocket upgrade requests: 403 ORIGIN_NOT_ALLOWED when a browser's Origin is neither this
 * gateway nor allowlisted (browsers apply no CORS to WebSockets), 503 TOO_MANY_CONNECTIONS at the cap.
 * Authentication itself is access control's job, which runs on the upgrade request too.
 */
export function webSocketGuard({ openConnections, maxConnections = WS_MAX_CONNECTIONS, allowedOrigins = [], logger }: WebSocketGuardOptions): MiddlewareHandler {
  return async function webSocketGuard(c, next) {
    if (!isUpgrade(c.req.header('upgrade'))) return next()
    if (!originAcceptable(c, allowedOrigins)) {
      logger?.warn('refused a WebSocket from a foreign page', { origin: c.req.header('origin') })
      return c.json(new GatewayError('ORIGIN_NOT_ALLOWED').toJSON(), 403)
    }
    if (openConnections() >= maxConnections) {
      return c.json(new GatewayError('TOO_MANY_CONNECTIONS', undefined, { detail: { maxConnections } }).toJSON(), 503)
    }
    await next()
  }
}
