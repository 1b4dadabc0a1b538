// Caps the JSON and form bodies the API reads into memory; uploads stream to disk under their own cap.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { refuseDeepJson, skipsBodyCap } from '../auth/body-cap.js'
import { GatewayError } from '../core/errors.js'
import { errorResponse } from './errors.js'

export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header('Connection', 'close')
      return errorResponse(c, new GatewayError('PAYLOAD_TOO_LARGE'))
    },
  })
  return async (c, next) => (skipsBodyCap(c.req.method, c.req.path) ? next() : limit(c, () => refuseDeepJson(c, next)))
}
