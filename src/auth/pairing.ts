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
  /** Wrong codes in a row that lock pairing. */
  maxFailures?: number
  lockMs?: number
  /** The most a paired device may get; a device may ask for less. */
  grantScopes?: readonly Scope[]
  sessionTtlMs?: number
  generateCode?: () => string
  /** Least time between two code requests from phones. */
  requestEveryMs?: number
}

export interface PairingState {
  active: boolean
  expiresInMs: number | null
  locked: boolean
  lockedForMs: number | null
  failures: number
}

export interface PairResult {
  device: { token: string; record: TokenRecord }
  session: { token: string; record: TokenRecord }
}

export interface Pairing {
  /** Starts a new pairing window (replacing any code, lifting a lock) and returns its code. */
  start(): { code: string; expiresInMs: number }
  /**
   * A phone without a credential asks for a code: one is shown on the printer and in the log, never
   * returned. An active code is kept (not rotated); refused while locked or within `requestEveryMs`.
   */
  request(): { expiresInMs: number; shownOnDisplay: boolean }
  /** Exchanges the code for a device token and a browser session; the code then stops working. */
  pair(input: { code: string; name: string; scopes?: readonly Scope[] }): PairResult
  state(): PairingState
  /** Detaches from the printer's events and clears timers. */
  close(): void
}

const CONNECTED = new Set(['operational', 'printing', 'paused'])
const sixDigits = () => String(randomInt(0, 1_000_000)).padStart(6, '0')

/** Compares digests, so any input (non-ASCII, full-width digits, any length) is simply a wrong code. */
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()
const codesEqual = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b))

/**
 * Pairing with a code the person reads off the printer. Wrong codes are counted; `maxFailures`
 * in a row locks pairing for `lockMs` and discards the code (the owner starts a new one).
 */
export function createPairing({
  store,
  clock,
  printer,
  logger,
  codeTtlMs = 10 * 60_000,
  maxFailures = 5,
  lockMs = 15 * 60_000,
  grantScopes = SCOPES,
  sessionTtlMs = 30 * 24 * 3600_000,
  generateCode = sixDigits,
  requestEveryMs = 60_000,
}: PairingOptions): Pairing {
  let current: { code: string; expiresAt: number } | null = null
  let failures = 0
  let lockedUntil = 0
  let expiryTimer: TimerHandle | undefined
  let lastRequest = -Infinity

  const display = (text: string): boolean => {
    if (!printer || !CONNECTED.has(printer.status().state)) return false
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
    if (next === 'operational' && current) display(`Pair code ${current.code}`)
  })

  return {
    start() {
      clock.clearTimeout(expiryTimer)
      current = { code: generateCode(), expiresAt: clock.now() + codeTtlMs }
      failures = 0
      lockedUntil = 0
      expiryTimer = clock.setTimeout(() => clear('the code expired'), codeTtlMs)
      logger?.info(`pairing code ${current.code}: type it on the phone within ${Math.round(codeTtlMs / 60_000)} min`, {
        pairingCode: current.code,
      })
      display(`Pair code ${current.code}`)
      return { code: current.code, expiresInMs: codeTtlMs }
    },
    request() {
      const now = clock.now()
      if (now < lockedUntil) throw new GatewayError('PAIRING_LOCKED', undefined, { detail: { retryAfterMs: lockedUntil - now } })
      if (current && now < current.expiresAt) {
        return { expiresInMs: current.expiresAt - now, shownOnDisplay: display(`Pair code ${current.code}`) }
      }
      if (now - lastRequest < requestEveryMs) {
        throw new GatewayError('RATE_LIMITED', undefined, { detail: { retryAfterMs: lastRequest + requestEveryMs - now } })
      }
      lastRequest = now
      const { expiresInMs } = this.start()
      return { expiresInMs, shownOnDisplay: printer !== undefined && CONNECTED.has(printer.status().state) }
    },
    pair({ code, name, scopes }) {
      const now = clock.now()
      if (now < lockedUntil) {
        throw new GatewayError('PAIRING_LOCKED', undefined, { detail: { retryAfterMs: lockedUntil - now } })
      }
      if (!current || now >= current.expiresAt) throw new GatewayError('PAIRING_NOT_ACTIVE')
      if (!codesEqual(code.trim(), current.code)) {
        failures += 1
        logger?.warn('wrong pairing code', { failures })
        if (failures >= maxFailures) {
          lockedUntil = now + lockMs
          failures = 0
          clear('too many wrong codes')
          logger?.warn(`pairing locked for ${Math.round(lockMs / 60_000)} min after ${maxFailures} wrong codes`)
        }
        throw new GatewayError('PAIRING_CODE_INVALID', undefined, { detail: { attemptsLeft: lockedUntil > now ? 0 : maxFailures - failures } })
      }
      const granted = scopes ? grantScopes.filter((s) => scopes.includes(s)) : [...grantScopes]
      const device = store.issue({ kind: 'device', name, scopes: granted })
      const session = store.issue({ kind: 'session', name, scopes: granted, parentId: device.record.id, ttlMs: sessionTtlMs })
      failures = 0
      clear(`paired "${name}"`)
      logger?.info('device paired', { tokenId: device.record.id, name, scopes: granted })
      return { device, session }
    },
    state() {
      const now = clock.now()
      const active = current !== null && now < current.expiresAt && now >= lockedUntil
      return {
        active,
        expiresInMs: active && current ? current.expiresAt - now : null,
        locked: now < lockedUntil,
        lockedForMs: now < lockedUntil ? lockedUntil - now : null,
        failures,
      }
    },
    close() {
      unsubscribe?.()
      clock.clearTimeout(expiryTimer)
    },
  }
}
