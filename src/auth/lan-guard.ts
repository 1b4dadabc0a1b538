// LAN guard middleware: serves loopback and private networks only, unless the owner allows more.
import type { MiddlewareHandler } from 'hono'
import { GatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { AddressSource } from './client-address.js'
import { createAddressMatcher, isLanAddress } from './net-address.js'

export interface LanGuardOptions {
  clientAddress: AddressSource
  /** Serve any address (a warning is still logged once per address and the client is flagged external). */
  allowPublic?: boolean
  /** Extra networks (CIDRs) the owner allows besides the LAN ranges. */
  allowedNetworks?: readonly string[]
  logger?: Logger
  /** Milliseconds between two warnings about the same address. */
  warnEveryMs?: number
  now?: () => number
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The client's resolved address (after the trusted-proxy rule). */
    clientAddress: string
    /** True when the client is outside the LAN ranges (served only because the owner allowed it). */
    externalClient: boolean
  }
}

const MAX_REMEMBERED = 1000

/**
 * Refuses (403 SOURCE_NOT_ALLOWED) requests whose source is not loopback, RFC 1918, link-local,
 * CGNAT or ULA, nor in `allowedNetworks`; an unknown source is refused too.
 * @example app.use('*', lanGuard({ clientAddress: createClientAddress() }))
 */
export function lanGuard({
  clientAddress,
  allowPublic = false,
  allowedNetworks = [],
  logger,
  warnEveryMs = 10 * 60_000,
  now = Date.now,
}: LanGuardOptions): MiddlewareHandler {
  const extra = createAddressMatcher(allowedNetworks)
  const warned = new Map<string, number>()
  const warnOnce = (address: string, msg: string) => {
    const last = warned.get(address)
    if (last !== undefined && now() - last < warnEveryMs) return
    if (warned.size >= MAX_REMEMBERED) warned.clear()
    warned.set(address, now())
    logger?.warn(msg, { address })
  }
  return async function lanGuard(c, next) {
    const address = clientAddress(c)
    const lan = isLanAddress(address) || extra.matches(address)
    if (!address || (!lan && !allowPublic)) {
      warnOnce(address ?? 'unknown', 'refused a request from outside the LAN; never port-forward printgate, use a VPN')
      const error = new GatewayError('SOURCE_NOT_ALLOWED', undefined, { detail: { address: address ?? null } })
      return c.json(error.toJSON(), 403)
    }
    if (!lan) warnOnce(address, 'serving a client from outside the LAN because allowPublic is on')
    c.set('clientAddress', address)
    c.set('externalClient', !lan)
    await next()
  }
}
