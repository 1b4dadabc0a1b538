// WebSocket upgrade checks: Origin and the socket slots per credential and address (the frame cap is the app's `ws` server option, from security.wsMaxPayloadBytes).
import type { MiddlewareHandler } from 'hono'
import type { Socket } from 'node:net'
import { GatewayError, isGatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import { originAcceptable } from './request-origin.js'
import type { SocketSlots } from './socket-slots.js'

export interface WebSocketGuardOptions {
  /** Every live socket, by credential and address (socket-slots.ts). */
  slots: SocketSlots
  /** Extra page origins allowed to open the socket (exact `scheme://host:port`). */
  allowedOrigins?: readonly string[]
  logger?: Logger
}

const isUpgrade = (upgrade: string | undefined) => upgrade?.toLowerCase() === 'websocket'

/**
 * On WebSocket upgrade requests: 403 ORIGIN_NOT_ALLOWED when a browser's Origin is neither this
 * gateway nor allowlisted (browsers apply no CORS to WebSockets), 503 TOO_MANY_CONNECTIONS when the
 * slots are full, 429 TOO_MANY_SOCKETS past the per-credential or per-address limit.
 * Authentication itself is access control's job, which runs on the upgrade request too.
 */
export function webSocketGuard({ slots, allowedOrigins = [], logger }: WebSocketGuardOptions): MiddlewareHandler {
  return async function webSocketGuard(c, next) {
    if (!isUpgrade(c.req.header('upgrade'))) return next()
    if (!originAcceptable(c, allowedOrigins)) {
      logger?.warn('refused a WebSocket from a foreign page', { origin: c.req.header('origin') })
      return c.json(new GatewayError('ORIGIN_NOT_ALLOWED').toJSON(), 403)
    }
    try {
      slots.take(c, (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket)
    } catch (error) {
      if (!isGatewayError(error)) throw error
      logger?.debug('refused a WebSocket: connection limit', { address: c.get('clientAddress') as string | undefined, ...(error.detail as object) })
      return c.json(error.toJSON(), error.status as 429 | 503)
    }
    await next()
  }
}
