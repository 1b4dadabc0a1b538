import { describe, expect, it } from 'vitest'
import { checksum } from './checksum.js'

describe('checksum', () => {
  it.each([
    ['N0 M110 N0', 125],
    ['N1 M115', 39],
    ['N5 M105', 34],
  ])('matches the values seen in real host logs: %s*%i', (text, cs) => {
    expect(checksum(text)).toBe(cs)
  })
})
