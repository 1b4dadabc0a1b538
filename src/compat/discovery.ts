// Starts the mDNS announcer from the gateway config: on for a real serial port, off for the simulator, PRINTGATE_MDNS overrides.
import os from 'node:os'
import type makeMdns from 'multicast-dns'
import type { Config } from '../config/schema.js'
import type { Logger } from '../core/logger.js'
import { lanAddresses, startMdnsAnnouncer, type MdnsAnnouncer, type MdnsIdentity } from './mdns.js'

type DiscoveryConfig = { printer: Pick<Config['printer'], 'port'>; http: Pick<Config['http'], 'port'> }

/** `PRINTGATE_MDNS=1|0` wins; otherwise announce only when a real serial port (not `sim://`) is configured. */
export function discoveryEnabled(config: DiscoveryConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.PRINTGATE_MDNS?.trim().toLowerCase()
  if (flag === '1' || flag === 'true') return true
  if (flag === '0' || flag === 'false') return false
  return !config.printer.port.startsWith('sim://')
}

export function discoveryIdentity(config: DiscoveryConfig, version: string, hostName = os.hostname(), addresses = lanAddresses()): MdnsIdentity {
  const host = hostName.replace(/\.local\.?$/i, '')
  return { instance: `printgate on ${host}`, host, port: config.http.port, version, addresses }
}

/**
 * The one line for main.ts: `const discovery = startDiscovery(config, logger)`, then
 * `await discovery?.stop()` on shutdown. Null when discovery is off.
 */
export function startDiscovery(
  config: DiscoveryConfig,
  logger: Logger,
  options: { version?: string; env?: NodeJS.ProcessEnv; mdns?: makeMdns.Options; hostName?: string; addresses?: string[] } = {}
): MdnsAnnouncer | null {
  if (!discoveryEnabled(config, options.env)) {
    logger.info('mDNS discovery off (simulator port); set PRINTGATE_MDNS=1 to announce anyway')
    return null
  }
  const identity = discoveryIdentity(config, options.version ?? process.env.npm_package_version ?? '0.0.0', options.hostName, options.addresses)
  return startMdnsAnnouncer(identity, logger, options.mdns)
}
