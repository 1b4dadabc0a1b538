// Access control middleware: loopback trust, credentials, scopes, anonymous read opt-in and CSRF for cookies.
import type { Context, MiddlewareHandler } from 'hono'
import { GatewayError, type ErrorCode } from '../core/errors.js'
import type { AddressSource } from './client-address.js'
import { presentedCredentials, type CredentialSource } from './credentials.js'
import { isLoopbackAddress } from './net-address.js'
import { isBrowserRequest, isLocalHostName, isSameOrigin, requestHost } from './request-origin.js'
import { hasScope, isAnonymousReadable, requiredAccess, SCOPES, type Access, type Scope } from './scopes.js'
import type { TokenStore } from './token-store.js'

export interface Principal {
  kind: 'loopback' | 'token' | 'anonymous'
  via: 'loopback' | CredentialSource | null
  tokenId: string | null
  /** The device a browser session was issued with (revoking the device ends the session). */
  parentId: string | null
  name: string
  scopes: Scope[]
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal
  }
}

export interface AccessControlOptions {
  store: TokenStore
  clientAddress: AddressSource
  /** Opt-in: anonymous LAN visitors may read status (temperatures, progress), never files or control. */
  anonymousRead?: boolean
  /** Trust requests from loopback without a credential (local tools, the test suite). Default on. */
  trustLoopback?: boolean
  /** The machine's own host names that browsers on the Pi may use (DNS-rebinding defence). */
  ownHostNames?: readonly string[]
  /** The machine's own addresses (an IP-literal Host must be one of them or loopback). */
  ownAddresses?: () => readonly string[]
  /** May lower the needed access for a request (the console guard does for harmless G-code). */
  adjustAccess?: (c: Context, needed: Access, principal: Principal) => Promise<Access>
  /** Told about each refused key or Bearer token (the security chain logs these, throttled per address). */
  onBadCredential?: (address: string | undefined) => void
}

const MUTATING = /^(POST|PUT|PATCH|DELETE)$/i
const ANONYMOUS: Principal = { kind: 'anonymous', via: null, tokenId: null, parentId: null, name: 'anonymous', scopes: [] }
const LOOPBACK: Principal = { kind: 'loopback', via: 'loopback', tokenId: null, parentId: null, name: 'loopback', scopes: [...SCOPES] }

/** A local reverse proxy forwards everyone as 127.0.0.1; its forwarding headers end loopback trust. */
const isProxied = (c: Context) =>
  c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined || c.req.header('x-real-ip') !== undefined

function refuse(c: Context, code: ErrorCode, detail?: unknown): Response {
  const error = new GatewayError(code, undefined, { detail })
  if (error.status === 401) c.header('WWW-Authenticate', 'Bearer realm="printgate"')
  return c.json(error.toJSON(), error.status as 401 | 403)
}

/**
 * Decides who the caller is and whether the route's scope (see `scopes.ts`) is granted.
 * Order: X-Api-Key, Bearer, session cookie; then loopback trust; then anonymous.
 * A wrong key or Bearer token is 401 even from loopback; a stale cookie is ignored. Loopback trust
 * ends when the request carries proxy headers (an unconfigured local reverse proxy).
 * Cookie-authenticated (and browser-on-loopback) mutating requests must be same-origin (403 CSRF_REJECTED).
 */
export function accessControl({
  store,
  clientAddress,
  anonymousRead = false,
  trustLoopback = true,
  ownHostNames = [],
  ownAddresses = () => [],
  adjustAccess,
  onBadCredential,
}: AccessControlOptions): MiddlewareHandler {
  return async function accessControl(c, next) {
    let needed = requiredAccess(c.req.method, c.req.path)
    let principal: Principal | undefined
    let badExplicit = false
    for (const credential of presentedCredentials(c)) {
      const record = store.verify(credential.token)
      if (record) {
        principal = { kind: 'token', via: credential.source, tokenId: record.id, parentId: record.parentId, name: record.name, scopes: record.scopes }
        break
      }
      if (credential.source !== 'cookie') badExplicit = true
    }
    if (!principal && badExplicit && needed !== 'public') {
      onBadCredential?.(clientAddress(c))
      return refuse(c, 'UNAUTHORIZED', 'The credential is not valid or was revoked')
    }

    const browser = isBrowserRequest(c)
    if (!principal && trustLoopback && isLoopbackAddress(clientAddress(c)) && !isProxied(c)) {
      // A page that rebinds its own name to 127.0.0.1 sends its own Host (browsers add no Origin to
      // same-origin GETs), so loopback trust needs a Host that names this machine, browser or not.
      const host = requestHost(c)
      if (!isLocalHostName(host, ownHostNames, ownAddresses())) {
        return refuse(c, 'HOST_NOT_ALLOWED', { host, hint: 'open the gateway as localhost, by its own name or address, or add the name to security.hostNames' })
      }
      principal = LOOPBACK
    }
    principal ??= ANONYMOUS

    const checkCsrf = principal.via === 'cookie' || (principal.kind === 'loopback' && browser)
    if (checkCsrf && MUTATING.test(c.req.method) && !isSameOrigin(c)) return refuse(c, 'CSRF_REJECTED')

    if (adjustAccess && principal.kind !== 'anonymous' && !hasScope(principal.scopes, needed)) needed = await adjustAccess(c, needed, principal)
    if (principal.kind === 'anonymous' && needed !== 'public') {
      if (!(anonymousRead && isAnonymousReadable(c.req.method, c.req.path))) return refuse(c, 'UNAUTHORIZED')
    } else if (!hasScope(principal.scopes, needed)) {
      return refuse(c, 'FORBIDDEN', { needed, granted: principal.scopes })
    }
    c.set('principal', principal)
    await next()
  }
}

/** True when the caller holds `scope` (always true without the security chain, as for loopback). */
export function callerHasScope(c: Context, scope: Scope): boolean {
  const principal = c.get('principal') as Principal | undefined
  return !principal || principal.scopes.includes(scope)
}

/**
 * For routes that learn late what they will do (an upload with `print=true` also starts a print, so
 * it needs `control` besides `files`): throws GatewayError FORBIDDEN when the caller lacks `scope`.
 * Without the security chain (unit tests of routes) there is no principal and nothing is checked.
 */
export function requireScope(c: Context, scope: Scope): void {
  const principal = c.get('principal') as Principal | undefined
  if (principal && !principal.scopes.includes(scope)) {
    throw new GatewayError('FORBIDDEN', `This needs the ${scope} scope`, { detail: { needed: scope, granted: principal.scopes } })
  }
}
