// Small readers of a compat request: the caller's name, the absolute origin for Location, tolerant JSON bodies.
import type { Context } from 'hono'
import type { z } from 'zod'
import type { Principal } from '../auth/access-control.js'
import { GatewayError } from '../core/errors.js'

/** The authenticated caller's name (token name), or null when no security layer ran. */
export function callerName(c: Context): string | null {
  const principal = c.get('principal') as Principal | undefined
  return principal?.name ?? null
}

/** `http://host:port` as the client addressed us; slicers need an absolute Location. */
export function requestOrigin(c: Context): string {
  return new URL(c.req.url).origin
}

/** Percent-escapes each segment of a relative path, keeping the slashes. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

/** OctoPrint answers a malformed command body with 400 (not printgate's 422). */
export async function readCommand<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new GatewayError('INVALID_JSON')
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', msg: i.message }))
    throw new GatewayError('BAD_REQUEST', `Unknown or malformed command: ${detail.map((d) => `${d.field}: ${d.msg}`).join('; ')}`, { detail })
  }
  return parsed.data
}
