// Where a request comes from: the socket's address, or X-Forwarded-For only behind a configured proxy.
import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createAddressMatcher, normaliseAddress } from './net-address.js'

/** Returns the peer address of a request, or undefined when it cannot be known. Injectable for tests. */
export type AddressSource = (c: Context) => string | undefined

/** The TCP peer address from @hono/node-server (also present on WebSocket upgrades through @hono/node-ws). */
export const socketAddress: AddressSource = (c) => {
  try {
    return getConnInfo(c).remote.address
  } catch {
    return undefined
  }
}

export interface ClientAddressOptions {
  source?: AddressSource
  /** Proxies (addresses or CIDRs) whose X-Forwarded-For is believed. Empty: the header is ignored. */
  trustedProxies?: readonly string[]
}

/**
 * Resolves the client's address. X-Forwarded-For is read only when the socket peer is a trusted
 * proxy, and then the right-most hop that is not itself a trusted proxy is the client.
 */
export function createClientAddress({ source = socketAddress, trustedProxies = [] }: ClientAddressOptions = {}): AddressSource {
  const proxies = createAddressMatcher(trustedProxies)
  return function clientAddress(c) {
    const peer = normaliseAddress(source(c))
    if (!peer || trustedProxies.length === 0 || !proxies.matches(peer)) return peer
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean)
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normaliseAddress(hops[i])
      if (!hop) return undefined
      if (!proxies.matches(hop)) return hop
    }
    return peer
  }
}
