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

  it('locks a client after five wrong codes, refusing even the right one from it, until the lock ends', () => {
    const { pairing, clock } = setup({ lockMs: 15 * 60_000 })
    const { code } = pairing.start()
    for (let i = 0; i < 4; i++) expect(codeOf(() => pairing.pair({ code: '000000', name: 'x' }, '192.168.1.66'))).toBe('PAIRING_CODE_INVALID')
    expect(pairing.state('192.168.1.66')).toMatchObject({ failures: 4, locked: false })
    expect(codeOf(() => pairing.pair({ code: '000000', name: 'x' }, '192.168.1.66'))).toBe('PAIRING_CODE_INVALID')
    expect(pairing.state('192.168.1.66')).toMatchObject({ locked: true, active: true })
    expect(codeOf(() => pairing.pair({ code, name: 'x' }, '192.168.1.66'))).toBe('PAIRING_LOCKED')
    clock.advance(15 * 60_000 - 1)
    expect(codeOf(() => pairing.pair({ code, name: 'x' }, '192.168.1.66'))).toBe('PAIRING_LOCKED')
    clock.advance(1)
    expect(pairing.state('192.168.1.66').locked).toBe(false)
  })

  it("counts failures per client: an attacker's lock does not stop the owner's phone, nor a fresh code", () => {
    const { pairing } = setup({ maxFailures: 2 })
    pairing.start()
    codeOf(() => pairing.pair({ code: '9', name: 'x' }, '192.168.1.66'))
    codeOf(() => pairing.pair({ code: '9', name: 'x' }, '192.168.1.66'))
    expect(pairing.state('192.168.1.66').locked).toBe(true)
    expect(pairing.state('192.168.1.20').locked).toBe(false)
    const { code } = pairing.start()
    expect(codeOf(() => pairing.pair({ code: '9', name: 'x' }, '192.168.1.66'))).toBe('PAIRING_LOCKED')
    expect(pairing.state().active).toBe(true)
    expect(pairing.pair({ code, name: 'owner' }, '192.168.1.20').device.record.name).toBe('owner')
  })

  it('keys IPv6 clients by /64, so one device cannot rotate addresses around its lock', () => {
    const { pairing } = setup({ maxFailures: 2 })
    pairing.start()
    codeOf(() => pairing.pair({ code: '9', name: 'x' }, 'fd00:1:2:3::a'))
    codeOf(() => pairing.pair({ code: '9', name: 'x' }, 'fd00:1:2:3:dead:beef:1:2'))
    expect(codeOf(() => pairing.pair({ code: '9', name: 'x' }, 'fd00:1:2:3::ffff'))).toBe('PAIRING_LOCKED')
    expect(codeOf(() => pairing.pair({ code: '9', name: 'x' }, 'fd00:1:2:4::1'))).toBe('PAIRING_CODE_INVALID')
  })

  it('burns the code after the global ceiling of wrong codes from many clients; only the owner starts a new one', () => {
    const { pairing } = setup({ globalMaxFailures: 6, maxFailures: 5 })
    pairing.start()
    for (let i = 0; i < 6; i++) codeOf(() => pairing.pair({ code: '9', name: 'x' }, `192.168.1.${100 + i}`))
    expect(pairing.state('192.168.1.200')).toMatchObject({ active: false, locked: true })
    expect(codeOf(() => pairing.request('192.168.1.200'))).toBe('PAIRING_LOCKED')
    const { code } = pairing.start()
    expect(pairing.state('192.168.1.200').locked).toBe(false)
    expect(pairing.pair({ code, name: 'owner' }, '192.168.1.200').device.token).toMatch(/^pg\./)
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

  it('lets a phone ask for a code that only the printer shows: kept while active, one request per client a minute, refused while locked', () => {
    const { printer, sent } = fakePrinter('operational')
    const { pairing, clock } = setup({ printer, codeTtlMs: 60_000, requestEveryMs: 30_000, displayEveryMs: 30_000, maxFailures: 1 })
    const first = pairing.request('192.168.1.5')
    expect(first).toEqual({ expiresInMs: 60_000, shownOnDisplay: true })
    expect(JSON.stringify(first)).not.toContain('123456')
    expect(sent).toEqual(['M117 Pair code 123456'])
    clock.advance(10_000)
    expect(codeOf(() => pairing.request('192.168.1.5'))).toBe('RATE_LIMITED')
    expect(pairing.request('192.168.1.6')).toEqual({ expiresInMs: 50_000, shownOnDisplay: true })
    expect(sent).toEqual(['M117 Pair code 123456'])
    clock.advance(25_000)
    pairing.request('192.168.1.5')
    expect(sent).toEqual(['M117 Pair code 123456', 'M117 Pair code 123456'])
    clock.advance(25_000)
    expect(pairing.request('192.168.1.6').expiresInMs).toBe(60_000)
    expect(sent.at(-1)).toBe('M117 Pair code 654321')
    expect(codeOf(() => pairing.pair({ code: 'nope', name: 'x' }, '192.168.1.7'))).toBe('PAIRING_CODE_INVALID')
    expect(codeOf(() => pairing.request('192.168.1.7'))).toBe('PAIRING_LOCKED')
    pairing.close()
  })

  it('a flood of code requests from many clients shows the code on the printer once per interval', () => {
    const { printer, sent } = fakePrinter('operational')
    const { pairing, clock } = setup({ printer, displayEveryMs: 60_000 })
    for (let i = 0; i < 22_000; i++) {
      codeOf(() => pairing.request(`10.0.${(i >> 8) & 255}.${i & 255}`))
      clock.advance(1)
    }
    expect(sent).toEqual(['M117 Pair code 123456'])
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
