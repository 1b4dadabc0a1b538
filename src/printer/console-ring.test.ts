import { describe, expect, it } from 'vitest'
import { createConsoleRing } from './console-ring.js'

describe('console ring', () => {
  it('keeps only the newest lines, oldest first', () => {
    const ring = createConsoleRing(3)
    for (let i = 1; i <= 5; i++) ring.push({ direction: 'received', line: `ok ${i}`, at: i })
    expect(ring.toArray().map((l) => l.line)).toEqual(['ok 3', 'ok 4', 'ok 5'])
  })
  it('returns fewer lines before it is full', () => {
    const ring = createConsoleRing(3)
    ring.push({ direction: 'sent', line: 'M105', at: 1 })
    expect(ring.toArray()).toEqual([{ direction: 'sent', line: 'M105', at: 1 }])
  })
  it('keeps nothing with a capacity of 0', () => {
    const ring = createConsoleRing(0)
    ring.push({ direction: 'sent', line: 'M105', at: 1 })
    expect(ring.toArray()).toEqual([])
  })
})
