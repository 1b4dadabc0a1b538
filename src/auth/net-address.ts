// Classifies client IP addresses: loopback, the LAN ranges printgate serves, and owner-added CIDRs.
import { BlockList, isIP } from 'node:net'

/** The ranges served by default: loopback, RFC 1918, link-local, CGNAT (Tailscale) and IPv6 ULA. */
export const LAN_RANGES = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '100.64.0.0/10',
  '::1/128',
  'fe80::/10',
  'fc00::/7',
] as const

const LOOPBACK_RANGES = ['127.0.0.0/8', '::1/128'] as const

/**
 * Strips what a socket or header may wrap around an address: `[…]`, a zone id (`fe80::1%eth0`),
 * a port on an IPv4 address. Returns undefined when what is left is not an IP address.
 */
export function normaliseAddress(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined
  let address = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address)
  if (bracketed) address = bracketed[1]!
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'))
  const zone = address.indexOf('%')
  if (zone !== -1) address = address.slice(0, zone)
  return isIP(address) === 0 ? undefined : address.toLowerCase()
}

/** An address matcher over CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses. IPv4-mapped IPv6 forms match IPv4 rules. */
export interface AddressMatcher {
  matches(address: string | undefined): boolean
}

export function createAddressMatcher(ranges: readonly string[]): AddressMatcher {
  const list = new BlockList()
  for (const range of ranges) {
    const [base, bits] = range.split('/')
    const address = normaliseAddress(base)
    if (!address) throw new Error(`Not an IP address or CIDR: ${range}`)
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6'
    const max = family === 'ipv4' ? 32 : 128
    const prefix = bits === undefined ? max : Number(bits)
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`Bad prefix length in ${range}`)
    list.addSubnet(address, prefix, family)
  }
  return {
    matches(raw) {
      const address = normaliseAddress(raw)
      if (!address) return false
      return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6')
    },
  }
}

const loopback = createAddressMatcher(LOOPBACK_RANGES)
const lan = createAddressMatcher(LAN_RANGES)

export const isLoopbackAddress = (address: string | undefined): boolean => loopback.matches(address)
export const isLanAddress = (address: string | undefined): boolean => lan.matches(address)
