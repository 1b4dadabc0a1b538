// Reads where a browser request was made from (Origin, Sec-Fetch-Site) and whether the Host is a local name.
import type { Context } from 'hono'
import { isIP } from 'node:net'
import { isLoopbackAddress, normaliseAddress } from './net-address.js'

/** The Host the client addressed (the header, which @hono/node-ws keeps on upgrades), lower-cased, port kept. */
export function requestHost(c: Context): string {
  const header = c.req.header('host')
  if (header) return header.trim().toLowerCase()
  try {
    return new URL(c.req.url).host.toLowerCase()
  } catch {
    return ''
  }
}

function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : undefined
  } catch {
    return undefined
  }
}

/** True when the request carries the marks only browsers add. */
export function isBrowserRequest(c: Context): boolean {
  return c.req.header('origin') !== undefined || c.req.header('sec-fetch-site') !== undefined
}

/**
 * True when a browser made this request from the gateway's own pages: `Sec-Fetch-Site: same-origin`,
 * or, from browsers that do not send it, an `Origin` whose host equals the Host header.
 * A missing Origin and Sec-Fetch-Site (a non-browser client) returns false: callers decide.
 */
export function isSameOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) return site === 'same-origin'
  const origin = c.req.header('origin')
  if (origin === undefined) return false
  return originHost(origin) === requestHost(c)
}

/** True when `origin` is in `allowed` (exact match, scheme and port included). */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return allowed.includes(origin.replace(/\/$/, ''))
}

/** An Origin that names this gateway (same host:port) or is on the allowlist. */
export function originAcceptable(c: Context, allowed: readonly string[]): boolean {
  const origin = c.req.header('origin')
  if (origin === undefined) return true
  return originHost(origin) === requestHost(c) || isAllowedOrigin(origin, allowed)
}

/**
 * True when the Host names this machine, which a DNS-rebinding page cannot make its browser send:
 * `localhost`, `*.localhost`, a loopback address, one of the machine's own addresses, or one of its
 * own names (host name, `<host>.local` for mDNS, configured `hostNames`).
 */
export function isLocalHostName(host: string, ownNames: readonly string[], ownAddresses: readonly string[] = []): boolean {
  let name = host.toLowerCase()
  const bracket = /^\[([^\]]+)\](:\d+)?$/.exec(name)
  if (bracket) name = bracket[1]!
  else name = name.replace(/:\d+$/, '')
  if (name === '') return false
  if (isIP(name) !== 0) {
    const address = normaliseAddress(name)
    return isLoopbackAddress(address) || ownAddresses.some((a) => normaliseAddress(a) === address)
  }
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  return ownNames.map((n) => n.toLowerCase()).includes(name)
}
