// Caps request bodies that are read into memory (JSON and forms); streamed uploads keep their own cap.
import type { Context, MiddlewareHandler, Next } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { GatewayError } from '../core/errors.js'
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-depth.js'

/** Routes whose bodies are streamed to disk by the gateway (uploads). */
export function isStreamedUpload(method: string, path: string): boolean {
  const m = method.toUpperCase()
  if (m === 'POST' && /^\/(api\/files(\/(local|sdcard))?|server\/files\/upload)\/?$/.test(path)) return true
  return m === 'PUT' && /^\/api\/v1\/files\/.+/.test(path)
}

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Requests a body cap must let through untouched: uploads (capped as they stream) and bodiless reads.
 * Looking at a read's body makes @hono/node-server build a full web Request (with an AbortSignal whose
 * listener outlives the call) for every poll, a cost the status route cannot afford under load.
 */
export function skipsBodyCap(method: string, path: string, isUpload = isStreamedUpload): boolean {
  return BODILESS.has(method) || isUpload(method, path)
}

export interface BodyCapOptions {
  maxBytes?: number
  isUpload?: (method: string, path: string) => boolean
}

/** Bodies that are parsed as JSON somewhere (any type but forms and multipart: some routes parse regardless). */
const mayBeJson = (contentType: string | undefined) => !/^\s*(multipart\/|application\/x-www-form-urlencoded)/i.test(contentType ?? '')

/**
 * The body as text, or '' when there is none. The request is rebuilt around the bytes read, so a later
 * body cap or route reads the same body again (a stream can be read once).
 */
async function bodyText(c: Context): Promise<string> {
  try {
    const bytes = new Uint8Array(await c.req.raw.clone().arrayBuffer())
    return new TextDecoder().decode(bytes)
  } catch {
    return ''
  }
}

/**
 * After the size cap: 400 JSON_TOO_DEEP for a body nested deeper than MAX_JSON_DEPTH, which would
 * otherwise overflow the stack of whatever walks it (validation, SQLite JSON, logging).
 */
export async function refuseDeepJson(c: Context, next: Next): Promise<void> {
  if (mayBeJson(c.req.header('content-type')) && jsonNestsDeeperThan(await bodyText(c))) {
    c.res = c.json(new GatewayError('JSON_TOO_DEEP', undefined, { detail: { maxDepth: MAX_JSON_DEPTH } }).toJSON(), 400)
    return
  }
  await next()
}

/** The depth check as middleware, placed after access control so no body is read for a refused caller. */
export const deepJsonGuard: MiddlewareHandler = async (c, next) => (skipsBodyCap(c.req.method, c.req.path) ? next() : refuseDeepJson(c, next))

/**
 * 413 PAYLOAD_TOO_LARGE for any non-upload body over `maxBytes` (default 1 MiB), whether or not it
 * declares a Content-Length (the JSON depth check is `deepJsonGuard`, after access control).
 */
export function bodyCap({ maxBytes = 1024 * 1024, isUpload = isStreamedUpload }: BodyCapOptions = {}): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c: Context) => c.json(new GatewayError('PAYLOAD_TOO_LARGE', undefined, { detail: { maxBytes } }).toJSON(), 413),
  })
  return async function bodyCap(c, next) {
    if (skipsBodyCap(c.req.method, c.req.path, isUpload)) return next()
    return limit(c, next)
  }
}
