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
 * a Permissions-Policy that turns off devices, and a self-only CSP with no inline script.
 * @example app.use('*', securityHeaders())
 */
export function securityHeaders({ docsPaths = ['/docs', '/redoc'] }: SecurityHeadersOptions = {}): MiddlewareHandler {
  const strict = secureHeaders({ ...common, contentSecurityPolicy: STRICT_CSP })
  const docs = secureHeaders({ ...common, contentSecurityPolicy: DOCS_CSP })
  return async function securityHeaders(c, next) {
    const isDocs = docsPaths.some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`))
    return (isDocs ? docs : strict)(c, next)
  }
}
