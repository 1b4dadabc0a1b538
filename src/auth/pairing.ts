// Pairing: a short code shown on the printer's display and in the log, exchanged once for a device token.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import type { Clock, TimerHandle } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { PrinterService } from '../printer/types.js'
import { SCOPES, type Scope } from './scopes.js'
import type { TokenRecord, TokenStore } from './token-store.js'

export interface PairingOptions {
  store: TokenStore
  clock: Clock
  /** Shows the code with M117 when the printer is connected. */
  printer?: Pick<PrinterService, 'sendCommand' | 'status' | 'events'>
  logger?: Logger
  codeTtlMs?: number
  /** Wrong codes from one client (address, IPv6 by /64) that lock that client out. */
  maxFailures?: number
  /** Wrong codes from all clients together that burn the code (the owner starts a fresh one). */
  globalMaxFailures?: number
  lockMs?: number
  /** The most a paired device may get; a device may ask for less. */
  grantScopes?: readonly Scope[]
  sessionTtlMs?: number
  generateCode?: () => string
  /** Least time between two code requests from one phone, and between two new codes from requests. */
  requestEveryMs?: number
  /** Least time between two showings of the same code on the printer's display. */
  displayEveryMs?: number
}

export interface PairingState {
  active: boolean
  expiresInMs: number | null
  /** This client may not pair or ask for codes now (its own lock, or the code was burned). */
  locked: boolean
  lockedForMs: number | null
  /** This client's wrong codes since its last lock. */
  failures: number
}

export interface PairResult {
  device: { token: string; record: TokenRecord }
  session: { token: string; record: TokenRecord }
}

export interface Pairing {
  /**
   * The owner (loopback or admin) starts a new pairing window and gets its code. Locked clients stay
   * locked, so they cannot burn the fresh code; a burned code's pause on phone requests is lifted.
   */
  start(): { code: string; expiresInMs: number }
  /**
   * A phone without a credential asks for a code: one is shown on the printer and in the log, never
   * returned. An active code is kept (shown again at most every `displayEveryMs`); one request per
   * client per `requestEveryMs`; refused while this client is locked or the last code was burned.
   */
  request(client?: string): { expiresInMs: number; shownOnDisplay: boolean }
  /** Exchanges the code for a device token and a browser session; the code then stops working. */
  pair(input: { code: string; name: string; scopes?: readonly Scope[] }, client?: string): PairResult
  state(client?: string): PairingState
  /** Detaches from the printer's events and clears timers. */
  close(): void
}

const CONNECTED = new Set(['operational', 'printing', 'paused'])
const sixDigits = () => String(randomInt(0, 1_000_000)).padStart(6, '0')
const MAX_TRACKED_CLIENTS = 1000

/** Compares digests, so any input (non-ASCII, full-width digits, any length) is simply a wrong code. */
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()
const codesEqual = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b))

/** One key per client: the address, with IPv6 cut to its /64 (one device can pick any address in it). */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown'
  if (!address.includes(':') || address.startsWith('::ffff:')) return address
  const [head = '', tail] = address.split('::')
  const groups = head === '' ? [] : head.split(':')
  if (tail !== undefined && groups.length < 4) groups.push(...Array(4 - groups.length).fill('0'))
  return `${groups.slice(0, 4).join(':')}::/64`
}

interface ClientRecord {
  failures: number
  lockedUntil: number
  lastRequest: number
}

/**
 * Pairing with a code the person reads off the printer. Wrong codes are counted per client: `maxFailures`
 * lock that client for `lockMs`; `globalMaxFailures` from everyone burn the code and pause phone
 * requests for `lockMs`, while the owner can always start a fresh code.
 */
export function createPairing({
  store,
  clock,
  printer,
  logger,
  codeTtlMs = 10 * 60_000,
  maxFailures = 5,
  globalMaxFailures = 20,
  lockMs = 15 * 60_000,
  grantScopes = SCOPES,
  sessionTtlMs = 30 * 24 * 3600_000,
  generateCode = sixDigits,
  requestEveryMs = 60_000,
  displayEveryMs = 60_000,
}: PairingOptions): Pairing {
  let current: { code: string; expiresAt: number; failures: number } | null = null
  let requestsPausedUntil = 0
  let expiryTimer: TimerHandle | undefined
  let lastNewCodeByRequest = -Infinity
  let shown: { text: string; at: number } | null = null
  const clients = new Map<string, ClientRecord>()

  const clientOf = (address: string | undefined): ClientRecord => {
    const key = clientKey(address)
    let record = clients.get(key)
    if (!record) {
      if (clients.size >= MAX_TRACKED_CLIENTS) {
        const now = clock.now()
        for (const [k, r] of clients) if (r.lockedUntil <= now && now - r.lastRequest >= requestEveryMs) clients.delete(k)
      }
      record = { failures: 0, lockedUntil: 0, lastRequest: -Infinity }
      if (clients.size < MAX_TRACKED_CLIENTS) clients.set(key, record)
    }
    return record
  }
  const lockedFor = (record: ClientRecord, now: number): number => Math.max(record.lockedUntil, requestsPausedUntil) - now

  /** Sends M117 unless the same text was shown within `displayEveryMs`; true when the printer can show it. */
  const display = (text: string): boolean => {
    if (!printer || !CONNECTED.has(printer.status().state)) return false
    const now = clock.now()
    if (shown && shown.text === text && now - shown.at < displayEveryMs) return true
    shown = { text, at: now }
    printer.sendCommand(`M117 ${text}`).catch((error: unknown) => logger?.debug('could not show the pairing code on the printer', { error }))
    return true
  }
  const clear = (why: string) => {
    if (!current) return
    current = null
    clock.clearTimeout(expiryTimer)
    logger?.info(`pairing ended: ${why}`)
    display('')
  }
  const unsubscribe = printer?.events.on('printer:state_changed', ({ next }) => {
    if (next === 'operational' && current) {
      shown = null
      display(`Pair code ${current.code}`)
    }
  })

  return {
    start() {
      clock.clearTimeout(expiryTimer)
      current = { code: generateCode(), expiresAt: clock.now() + codeTtlMs, failures: 0 }
      requestsPausedUntil = 0
      expiryTimer = clock.setTimeout(() => clear('the code expired'), codeTtlMs)
      logger?.info(`pairing code ${current.code}: type it on the phone within ${Math.round(codeTtlMs / 60_000)} min`, {
        pairingCode: current.code,
      })
      display(`Pair code ${current.code}`)
      return { code: current.code, expiresInMs: codeTtlMs }
    },
    request(address) {
      const now = clock.now()
      const client = clientOf(address)
      const locked = lockedFor(client, now)
      if (locked > 0) throw new GatewayError('PAIRING_LOCKED', undefined, { detail: { retryAfterMs: locked } })
      if (now - client.lastRequest < requestEveryMs) {
        throw new GatewayError('RATE_LIMITED', undefined, { detail: { retryAfterMs: client.lastRequest + requestEveryMs - now } })
      }
      if (current && now < current.expiresAt) {
        client.lastRequest = now
        return { expiresInMs: current.expiresAt - now, shownOnDisplay: display(`Pair code ${current.code}`) }
      }
      if (now - lastNewCodeByRequest < requestEveryMs) {
        throw new GatewayError('RATE_LIMITED', undefined, { detail: { retryAfterMs: lastNewCodeByRequest + requestEveryMs - now } })
      }
      client.lastRequest = now
      lastNewCodeByRequest = now
      const { expiresInMs } = this.start()
      return { expiresInMs, shownOnDisplay: printer !== undefined && CONNECTED.has(printer.status().state) }
    },
    pair({ code, name, scopes }, address) {
      const now = clock.now()
      const client = clientOf(address)
      const locked = lockedFor(client, now)
      if (locked > 0) throw new GatewayError('PAIRING_LOCKED', undefined, { detail: { retryAfterMs: locked } })
      if (!current || now >= current.expiresAt) throw new GatewayError('PAIRING_NOT_ACTIVE')
      if (!codesEqual(code.trim(), current.code)) {
        client.failures += 1
        current.failures += 1
        logger?.warn('wrong pairing code', { client: clientKey(address), failures: client.failures, codeFailures: current.failures })
        if (client.failures >= maxFailures) {
          client.lockedUntil = now + lockMs
          client.failures = 0
          logger?.warn(`pairing locked for ${clientKey(address)} for ${Math.round(lockMs / 60_000)} min after ${maxFailures} wrong codes`)
        }
        if (current.failures >= globalMaxFailures) {
          requestsPausedUntil = now + lockMs
          clear(`${globalMaxFailures} wrong codes from the network; start a new code on the gateway (POST /api/auth/pairing from the Pi or an admin)`)
        }
        throw new GatewayError('PAIRING_CODE_INVALID', undefined, { detail: { attemptsLeft: client.lockedUntil > now ? 0 : maxFailures - client.failures } })
      }
      const granted = scopes ? grantScopes.filter((s) => scopes.includes(s)) : [...grantScopes]
      const device = store.issue({ kind: 'device', name, scopes: granted })
      const session = store.issue({ kind: 'session', name, scopes: granted, parentId: device.record.id, ttlMs: sessionTtlMs })
      client.failures = 0
      clear(`paired "${name}"`)
      logger?.info('device paired', { tokenId: device.record.id, name, scopes: granted })
      return { device, session }
    },
    state(address) {
      const now = clock.now()
      const client = clients.get(clientKey(address))
      const locked = client ? lockedFor(client, now) : requestsPausedUntil - now
      const active = current !== null && now < current.expiresAt
      return {
        active,
        expiresInMs: active && current ? current.expiresAt - now : null,
        locked: locked > 0,
        lockedForMs: locked > 0 ? locked : null,
        failures: client?.failures ?? 0,
      }
    },
    close() {
      unsubscribe?.()
      clock.clearTimeout(expiryTimer)
    },
  }
}
