// Tests pairing: code exchange, expiry, the five-wrong-codes lock, display on the printer, scopes.
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import { isGatewayError } from '../core/errors.js'
import { createLogger } from '../core/logger.js'
import type { PrinterEvents, PrinterState, PrinterStatus } from '../printer/types.js'
import { openDatabase, type Db } from '../storage/db.js'
import { createPairing, type PairingOptions } from './pairing.js'
import { createTokenStore } from './token-store.js'

let db: Db | undefined
afterEach(() => db?.close())

function fakePrinter(state: PrinterState) {
  const sent: string[] = []
  const events = createEmitter<PrinterEvents>()
  const printer = {
    events,
    state,
    status: () => ({ state: printer.state }) as PrinterStatus,
    sendCommand: async (line: string) => {
      sent.push(line)
      return ['ok']
    },
  }
  return { printer, sent }
}

function setup(options: Partial<PairingOptions> = {}) {
  db = openDatabase(':memory:')
  const store = createTokenStore(db)
  const clock = createFakeClock()
  let n = 0
  const pairing = createPairing({ store, clock, generateCode: () => ['123456', '654321', '111111'][n++ % 3]!, ...options })
  return { pairing, store, clock }
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isGatewayError(e) ? e.code : 'OTHER'
  }
  return undefined
}

describe('pairing', () => {
  it('exchanges the code once for a device token and a session', () => {
    const { pairing, store } = setup()
    expect(codeOf(() => pairing.pair({ code: '123456', name: 'x' }))).toBe('PAIRING_NOT_ACTIVE')
    const { code } = pairing.start()
    const result = pairing.pair({ code, name: 'Ana phone' })
    expect(store.verify(result.device.token)).toMatchObject({ kind: 'device', name: 'Ana phone', scopes: ['read', 'control', 'files', 'admin'] })
    expect(store.verify(result.session.token)).toMatchObject({ kind: 'session', parentId: result.device.record.id })
    expect(codeOf(() => pairing.pair({ code, name: 'again' }))).toBe('PAIRING_NOT_ACTIVE')
  })

  it('grants at most what was asked for', () => {
    const { pairing } = setup({ grantScopes: ['read', 'control', 'files'] })
    const { code } = pairing.start()
    const r = pairing.pair({ code, name: 'slicer', scopes: ['files', 'admin'] })
    expect(r.device.record.scopes).toEqual(['files'])
  })

  it('expires codes', () => {
    const { pairing, clock } = setup({ codeTtlMs: 60_000 })
    const { code } = pairing.start()
    clock.advance(60_000)
    expect(pairing.state().active).toBe(false)
    expect(codeOf(() => pairing.pair({ code, name: 'late' }))).toBe('PAIRING_NOT_ACTIVE')
  })

  it('locks after five wrong codes, refusing even the right one, until the lock ends', () => {
    const { pairing, clock } = setup({ lockMs: 15 * 60_000 })
    const { code } = pairing.start()
    for (let i = 0; i < 4; i++) expect(codeOf(() => pairing.pair({ code: '000000', name: 'x' }))).toBe('PAIRING_CODE_INVALID')
    expect(pairing.state()).toMatchObject({ failures: 4, locked: false })
    expect(codeOf(() => pairing.pair({ code: '000000', name: 'x' }))).toBe('PAIRING_CODE_INVALID')
    expect(pairing.state()).toMatchObject({ locked: true, active: false })
    expect(codeOf(() => pairing.pair({ code, name: 'x' }))).toBe('PAIRING_LOCKED')
    clock.advance(15 * 60_000 - 1)
    expect(codeOf(() => pairing.pair({ code, name: 'x' }))).toBe('PAIRING_LOCKED')
    clock.advance(1)
    expect(codeOf(() => pairing.pair({ code, name: 'x' }))).toBe('PAIRING_NOT_ACTIVE')
    const fresh = pairing.start()
    expect(pairing.pair({ code: fresh.code, name: 'ok' }).device.token).toMatch(/^pg\./)
  })

  it('lets the owner lift a lock by starting a new pairing', () => {
    const { pairing } = setup({ maxFailures: 2 })
    pairing.start()
    codeOf(() => pairing.pair({ code: '9', name: 'x' }))
    codeOf(() => pairing.pair({ code: '9', name: 'x' }))
    expect(pairing.state().locked).toBe(true)
    const { code } = pairing.start()
    expect(pairing.pair({ code, name: 'owner' }).device.record.name).toBe('owner')
  })

  it('shows the code on the printer display when connected, and when it connects later', () => {
    const { printer, sent } = fakePrinter('disconnected')
    const { pairing } = setup({ printer })
    const { code } = pairing.start()
    expect(sent).toEqual([])
    printer.state = 'operational'
    printer.events.emit('printer:state_changed', { prev: 'handshake', next: 'operational', reason: null })
    expect(sent).toEqual([`M117 Pair code ${code}`])
    pairing.pair({ code, name: 'p' })
    expect(sent.at(-1)).toBe('M117 ')
    pairing.close()
  })

  it('lets a phone ask for a code that only the printer shows: kept while active, rate-limited, refused while locked', () => {
    const { printer, sent } = fakePrinter('operational')
    const { pairing, clock } = setup({ printer, codeTtlMs: 60_000, requestEveryMs: 30_000, maxFailures: 1 })
    const first = pairing.request()
    expect(first).toEqual({ expiresInMs: 60_000, shownOnDisplay: true })
    expect(JSON.stringify(first)).not.toContain('123456')
    expect(sent).toEqual(['M117 Pair code 123456'])
    clock.advance(10_000)
    expect(pairing.request()).toEqual({ expiresInMs: 50_000, shownOnDisplay: true })
    expect(sent.at(-1)).toBe('M117 Pair code 123456')
    clock.advance(50_000)
    expect(pairing.request().expiresInMs).toBe(60_000)
    expect(sent.at(-1)).toBe('M117 Pair code 654321')
    clock.advance(60_000)
    clock.advance(0)
    expect(codeOf(() => pairing.request())).toBeUndefined()
    expect(codeOf(() => pairing.pair({ code: 'nope', name: 'x' }))).toBe('PAIRING_CODE_INVALID')
    expect(codeOf(() => pairing.request())).toBe('PAIRING_LOCKED')
    pairing.close()
  })

  it('rate-limits code requests when no code is active', () => {
    const { pairing, clock } = setup({ codeTtlMs: 1000, requestEveryMs: 30_000 })
    pairing.request()
    clock.advance(1000)
    expect(codeOf(() => pairing.request())).toBe('RATE_LIMITED')
    clock.advance(29_000)
    expect(codeOf(() => pairing.request())).toBeUndefined()
  })

  it('logs the code', () => {
    const lines: string[] = []
    const { pairing } = setup({ logger: createLogger({ write: (l) => lines.push(l) }) })
    const { code } = pairing.start()
    expect(lines.some((l) => l.includes(code))).toBe(true)
  })
})

