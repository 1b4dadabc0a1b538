// Announces the gateway on the LAN over mDNS as _octoprint._tcp and _http._tcp so slicers and phones find it.

import os from 'node:os'
import { createRequire } from 'node:module'
import type makeMdns from 'multicast-dns'
import type { Logger } from '../core/logger.js'

type Question = { name: string; type: string }
type Record_ = { name: string; type: string; ttl: number; data: unknown; flush?: boolean }

export interface MdnsIdentity {
  /** Instance name shown in slicers' browse dialogs, e.g. "printgate on raspberrypi". */
  instance: string
  /** Host name without `.local`. */
  host: string
  port: number
  version: string
  addresses: string[]
  /** The install's UUID (OctoPrint's upnpUuid); Home Assistant keys the device on it. */
  uuid?: string
}

const MDNS_PORT = 5353

export const SERVICE_TYPES = ['_octoprint._tcp.local', '_http._tcp.local'] as const

function txt(identity: MdnsIdentity): string[] {
  return ['path=/', `version=${identity.version}`, 'api=0.1', 'model=printgate', ...(identity.uuid ? [`uuid=${identity.uuid}`] : [])]
}

/** The records that answer one question, or none when the question is not about us. */
export function answersFor(question: Question, identity: MdnsIdentity): Record_[] {
  const hostFqdn = `${identity.host}.local`
  const records: Record_[] = []
  const serviceRecords = (type: string) => {
    const fqdn = `${identity.instance}.${type}`
    return [
      { name: type, type: 'PTR', ttl: 120, data: fqdn },
      { name: fqdn, type: 'SRV', ttl: 120, flush: true, data: { port: identity.port, target: hostFqdn, priority: 0, weight: 0 } },
      { name: fqdn, type: 'TXT', ttl: 120, flush: true, data: txt(identity) },
    ]
  }
  const addressRecords = () => identity.addresses.map((a) => ({ name: hostFqdn, type: a.includes(':') ? 'AAAA' : 'A', ttl: 120, flush: true, data: a }))

  const name = question.name.toLowerCase()
  for (const type of SERVICE_TYPES) {
    if (name === type && (question.type === 'PTR' || question.type === 'ANY')) records.push(...serviceRecords(type), ...addressRecords())
    if (name === `${identity.instance}.${type}`.toLowerCase()) records.push(...serviceRecords(type).slice(1), ...addressRecords())
  }
  if (name === hostFqdn.toLowerCase() && ['A', 'AAAA', 'ANY'].includes(question.type)) records.push(...addressRecords())
  if (name === '_services._dns-sd._udp.local' && question.type === 'PTR') {
    for (const type of SERVICE_TYPES) records.push({ name: question.name, type: 'PTR', ttl: 120, data: type })
  }
  return records
}

export function lanAddresses(): string[] {
  const out: string[] = []
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') out.push(a.address)
  }
  return out
}

export interface MdnsAnnouncer {
  stop(): Promise<void>
}

/** Answers mDNS queries for our services; `options` pass through to multicast-dns (tests bind to loopback). */
export function startMdnsAnnouncer(identity: MdnsIdentity, logger: Logger, options: makeMdns.Options = {}): MdnsAnnouncer {
  // Required here: the announcer runs only with mDNS on (a real serial port, or discovery.mdns: on).
  const mdns = (createRequire(import.meta.url)('multicast-dns') as typeof makeMdns)(options)
  mdns.on('error', (error) => logger.warn('mDNS announcer error', { error }))
  mdns.on('query', (query, rinfo) => {
    const answers = (query.questions ?? []).flatMap((q) => answersFor(q as Question, identity))
    if (answers.length === 0) return
    const response = { answers } as unknown as makeMdns.ResponsePacket
    // A query from a port other than 5353 is a one-shot ("legacy unicast") query: answer the sender directly.
    if (rinfo.port !== MDNS_PORT) mdns.respond(response, { port: rinfo.port, address: rinfo.address } as never)
    else mdns.respond(response)
  })
  logger.info('announcing on mDNS', { instance: identity.instance, services: SERVICE_TYPES })
  return {
    stop: () => new Promise((resolve) => mdns.destroy(() => resolve())),
  }
}
