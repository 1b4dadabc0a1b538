// Starts the mDNS announcer from the gateway config: on for a real serial port, off for the simulator, discovery.mdns (PRINTGATE_MDNS) overrides.
import os from 'node:os'
import type makeMdns from 'multicast-dns'
import type { Config } from '../config/schema.js'
import type { Logger } from '../core/logger.js'
import { lanAddresses, startMdnsAnnouncer, type MdnsAnnouncer, type MdnsIdentity } from './mdns.js'

type DiscoveryConfig = { printer: Pick<Config['printer'], 'port'>; http: Pick<Config['http'], 'port'>; discovery?: Pick<Config['discovery'], 'mdns'> }

/** `discovery.mdns` on/off wins; `auto` announces only when a real serial port (not `sim://`) is configured. */
export function discoveryEnabled(config: DiscoveryConfig): boolean {
  const mdns = config.discovery?.mdns ?? 'auto'
  if (mdns !== 'auto') return mdns === 'on'
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
  options: { version?: string; uuid?: string; mdns?: makeMdns.Options; hostName?: string; addresses?: string[] } = {},
): MdnsAnnouncer | null {
  if (!discoveryEnabled(config)) {
    logger.info('mDNS discovery off (simulator port); set PRINTGATE_MDNS=1 to announce anyway')
    return null
  }
  const identity = discoveryIdentity(config, options.version ?? '0.0.0', options.hostName, options.addresses)
  return startMdnsAnnouncer(options.uuid ? { ...identity, uuid: options.uuid } : identity, logger, options.mdns)
}
