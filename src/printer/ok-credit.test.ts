// Ok crediting: which line in flight an ok answers, and when an ok belongs to none.
import { describe, expect, it } from 'vitest'
import { creditOk } from './ok-credit.js'
import { createEntry } from './send-entry.js'

const line = (n: number | null, kind: 'job' | 'phantom' | 'urgent' = 'job') => ({ ...createEntry(kind, `G1 X${n}`), n })
const ok = (lineNumber: number | null = null, bufferFree: number | null = null) => ({ lineNumber, bufferFree })

describe('ok crediting', () => {
  it('a plain ok credits the oldest line', () => {
    expect(creditOk([line(1), line(2)], ok(), 'ok', true)).toEqual({ credit: 1 })
  })

  it('ok N credits every line up to N (a lost ok recovered)', () => {
    expect(creditOk([line(4), line(5), line(6)], ok(5, 3), 'ok N5 P15 B3', true)).toEqual({ credit: 2 })
  })

  it('an ok with nothing in flight is stray', () => {
    expect(creditOk([], ok(), 'ok', true)).toEqual({ stray: '"ok" with no line in flight' })
  })

  it('ok N that names no line in flight does not advance, unless a phantom waits for a foreign ok', () => {
    expect(creditOk([line(4), line(5)], ok(3, 3), 'ok N3 P15 B3', true)).toEqual({ stray: '"ok N3 P15 B3" does not advance (in flight: 4,5)' })
    expect(creditOk([line(null, 'phantom'), line(4)], ok(3, 3), 'ok N3 P15 B3', true)).toEqual({ credit: 1 })
  })

  it('with ADVANCED_OK an ok without N answers an unnumbered line, never the numbered one at the head', () => {
    expect(creditOk([line(7)], ok(null, 3), 'ok P15 B3', true)).toEqual({ stray: '"ok P15 B3" answers an unnumbered line while line 7 is in flight' })
    expect(creditOk([line(null, 'urgent'), line(7)], ok(null, 3), 'ok P15 B3', true)).toEqual({ credit: 1 })
  })

  it('on an unnumbered link line numbers in oks are not used', () => {
    expect(creditOk([line(null), line(null)], ok(9, 3), 'ok N9 P15 B3', false)).toEqual({ credit: 1 })
  })
})
