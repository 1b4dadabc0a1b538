// Security headers on every response, with a strict self-only Content-Security-Policy for the UI.
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

const STRICT_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/** Swagger UI and ReDoc boot with an inline script; they get the same policy plus inline script and style. */
const DOCS_CSP = {
  ...STRICT_CSP,
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  workerSrc: ["'self'", 'blob:'],
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by a route that serves inline `<style>` text: its `'sha256-…'` sources join this response's `style-src`. */
    inlineStyleHashes: readonly string[]
  }
}

const STYLE_HASH = /^'sha256-[A-Za-z0-9+/]+={0,2}'$/

/** The policy with these hashes added to `style-src` (anything that is not a sha256 source is ignored). */
export function withStyleHashes(policy: string, hashes: readonly string[]): string {
  const valid = hashes.filter((h) => STYLE_HASH.test(h))
  if (valid.length === 0) return policy
  return policy.replace(/(^|;\s*)style-src ([^;]*)/, (_m, lead: string, sources: string) => `${lead}style-src ${sources} ${valid.join(' ')}`)
}

const common = {
  xFrameOptions: 'DENY',
  // Served over plain HTTP on the LAN; HSTS would only bite a later HTTPS setup on the same name.
  strictTransportSecurity: false,
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [], serial: [] },
}

export interface SecurityHeadersOptions {
  /** Path prefixes served with the documentation policy. */
  docsPaths?: readonly string[]
}

/**
 * secureHeaders() defaults (nosniff, CORP/COOP same-origin, no-referrer, …), `X-Frame-Options: DENY`,
 * a Permissions-Policy that turns off devices, and a self-only CSP with no inline script; inline style only by hash
 * (`c.set('inlineStyleHashes', …)` in the route).
 * @example app.use('*', securityHeaders())
 */
export function securityHeaders({ docsPaths = ['/docs', '/redoc'] }: SecurityHeadersOptions = {}): MiddlewareHandler {
  const strict = secureHeaders({ ...common, contentSecurityPolicy: STRICT_CSP })
  const docs = secureHeaders({ ...common, contentSecurityPolicy: DOCS_CSP })
  return async function securityHeaders(c, next) {
    const isDocs = docsPaths.some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`))
    if (isDocs) return docs(c, next)
    await strict(c, next)
    const hashes = c.get('inlineStyleHashes') as readonly string[] | undefined
    const policy = c.res.headers.get('content-security-policy')
    if (hashes?.length && policy) c.res.headers.set('Content-Security-Policy', withStyleHashes(policy, hashes))
  }
}
