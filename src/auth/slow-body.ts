// Slow bodies: a refused request's unread body closes its connection, and a body read into memory must arrive in time.
import type { MiddlewareHandler } from 'hono'
import type { IncomingMessage } from 'node:http'
import type { Logger } from '../core/logger.js'
import { isStreamedUpload } from './body-cap.js'

export interface SlowBodyOptions {
  /** A JSON or form body (read into memory, at most 1 MiB) must be complete this long after its headers. */
  bodyTimeoutMs: number
  isUpload?: (method: string, path: string) => boolean
  logger?: Logger
}

const hasBody = (incoming: IncomingMessage) =>
  !incoming.complete && (Number(incoming.headers['content-length'] ?? 0) > 0 || incoming.headers['transfer-encoding'] !== undefined)

/**
 * Placed first in the security chain. An error answer (401, 403, 413, 429 …) to a request whose body
 * is still arriving gets `Connection: close`, so Node closes the socket after the answer instead of
 * reading a trickling body for as long as the client likes. A body that is read into memory (not a
 * streamed upload, which needs a credential and has the server's request timeout) is cut off after
 * `bodyTimeoutMs`.
 */
export function slowBodyGuard({ bodyTimeoutMs, isUpload = isStreamedUpload, logger }: SlowBodyOptions): MiddlewareHandler {
  return async function slowBodyGuard(c, next) {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
    if (!incoming || !hasBody(incoming)) return next()
    let timer: NodeJS.Timeout | undefined
    if (!isUpload(c.req.method, c.req.path)) {
      timer = setTimeout(() => {
        if (incoming.complete) return
        logger?.debug('closed a connection whose body did not arrive in time', { method: c.req.method, path: c.req.path, bodyTimeoutMs })
        incoming.socket.destroy()
      }, bodyTimeoutMs)
      timer.unref()
    }
    try {
      await next()
    } finally {
      clearTimeout(timer)
    }
    if (c.res.status >= 400 && !incoming.complete) {
      try {
        c.res.headers.set('Connection', 'close')
      } catch {
        // immutable headers (a fetched response): end the connection once the answer is out
        c.env && (c.env as { outgoing?: { once(e: string, f: () => void): void } }).outgoing?.once('finish', () => incoming.socket.end())
      }
    }
  }
}
