// The in-flight ledger: lines on the wire, the bytes they hold, and urgent commands with entries of their own.
import { describe, expect, it } from 'vitest'
import { createInFlight } from './in-flight.js'
import { createEntry, type SendEntry } from './send-entry.js'
import { urgentEntry } from './urgent-entry.js'

function setup() {
  const window = {
    bytes: 0,
    sent: (b: number) => void (window.bytes += b),
    left: (b: number) => void (window.bytes -= b),
    clear: () => void (window.bytes = 0),
  }
  return { window, ledger: createInFlight(window) }
}
const numbered = (n: number, kind: SendEntry['kind'] = 'job'): SendEntry => ({ ...createEntry(kind, `G1 X${n}`), n, bytes: 10 })

describe('in-flight ledger', () => {
  it('holds the window bytes of the lines on the wire and frees them as they are taken', () => {
    const t = setup()
    for (const n of [1, 2, 3]) t.ledger.push(numbered(n))
    expect(t.window.bytes).toBe(30)
    expect(t.ledger.take(2).map((e) => e.n)).toEqual([1, 2])
    expect(t.window.bytes).toBe(10)
    expect(t.ledger.head?.n).toBe(3)
  })

  it('a phantom for a foreign ok goes first, holds no bytes and is not a real line', () => {
    const t = setup()
    t.ledger.push(numbered(1))
    t.ledger.expectForeignOk('ok after resend', 5)
    expect(t.ledger.head?.kind).toBe('phantom')
    expect(t.ledger.realCount()).toBe(1)
    expect(t.ledger.describe()).toBe('phantom,1')
    expect(t.ledger.dropPhantom()).toBe(true)
    expect(t.ledger.dropPhantom()).toBe(false)
    expect(t.window.bytes).toBe(10)
  })

  it('a resend takes the requested line and later ones off the wire and counts the later ones', () => {
    const t = setup()
    t.ledger.push(urgentEntry('M108', 0, 1000) as SendEntry)
    for (const n of [4, 5, 6, 7]) t.ledger.push(numbered(n))
    expect(t.ledger.dropFrom(5)).toBe(2)
    expect(t.ledger.describe()).toBe('urgent,4')
    expect(t.window.bytes).toBe(5 + 10)
  })

  it('takes a line-number reset off the wire to send it again', () => {
    const t = setup()
    t.ledger.push(numbered(9))
    t.ledger.push({ ...createEntry('reset', 'N0 M110 N0*125'), n: 0 })
    expect(t.ledger.takeReset()?.kind).toBe('reset')
    expect(t.ledger.takeReset()).toBeUndefined()
    expect(t.window.bytes).toBe(10)
  })

  it('knows the exact command texts really sent (not phantoms)', () => {
    const t = setup()
    t.ledger.push(numbered(1))
    t.ledger.expectForeignOk('G1 X2', 0)
    expect(t.ledger.sentCommand('G1 X1')).toBe(true)
    expect(t.ledger.sentCommand('G1 X')).toBe(false)
    expect(t.ledger.sentCommand('G1 X2')).toBe(false)
  })
})

describe('urgent entries', () => {
  it('M108, M410 and M876 get an entry for the ok they will get; M112 and others none', () => {
    expect(urgentEntry('M108', 7, 1000)).toMatchObject({ kind: 'urgent', command: 'M108', sentAt: 7, timeoutMs: 1000, n: null })
    expect(urgentEntry('M876 S1', 0, 1000)?.kind).toBe('urgent')
    expect(urgentEntry('M410', 0, 1000)?.kind).toBe('urgent')
    expect(urgentEntry('M112', 0, 1000)).toBeNull()
    expect(urgentEntry('M104 S0', 0, 1000)).toBeNull()
  })
})
