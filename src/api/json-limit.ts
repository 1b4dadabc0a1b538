// Caps the JSON and form bodies the API reads into memory; uploads stream to disk under their own cap.
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { isStreamedUpload } from '../auth/body-cap.js'
import { GatewayError } from '../core/errors.js'
import { errorResponse } from './errors.js'

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header('Connection', 'close')
      return errorResponse(c, new GatewayError('PAYLOAD_TOO_LARGE'))
    },
  })
  // Reads pass untouched: looking at a request's body makes @hono/node-server build a full web Request (with an
  // AbortSignal whose listener outlives the call) for every poll, a cost the status route cannot afford under load.
  return async (c, next) => (BODILESS.has(c.req.method) || isStreamedUpload(c.req.method, c.req.path) ? next() : limit(c, next))
}
