import { describe, expect, it } from 'vitest'
import { createLineSplitter } from './line-splitter.js'

function split(chunks: (string | number[])[], max?: number): string[] {
  const lines: string[] = []
  const splitter = createLineSplitter((l) => lines.push(l), max)
  for (const c of chunks) splitter.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : Uint8Array.from(c))
  return lines
}

describe('line splitter', () => {
  it('splits many lines per chunk and joins lines across chunks', () => {
    expect(split(['ok\nok T:20', '.0 /0.0\r\nstart\n'])).toEqual(['ok', 'ok T:20.0 /0.0', 'start'])
  })
  it('drops empty lines, strips NUL and CR', () => {
    expect(split(['\n\r\n\0o\0k\r\n'])).toEqual(['ok'])
  })
  it('decodes UTF-8 and falls back to latin-1 for invalid bytes', () => {
    expect(split([[0x35, 0xc2, 0xb2, 0x0a]])).toEqual(['5²'])
    expect(split([[0x80, 0x41, 0xff, 0x0a]])).toEqual(['\x80A\xff'])
  })
  it('caps over-long garbage lines and keeps working afterwards', () => {
    const lines = split(['x'.repeat(10), 'y\nok\n'], 4)
    expect(lines).toEqual(['xxxx', 'xxxx', 'xxy', 'ok'])
  })
  it('survives every byte value', () => {
    const all = Array.from({ length: 256 }, (_, i) => i)
    const lines = split([all, [0x0a], Array.from(Buffer.from('ok\n'))])
    expect(lines.at(-1)).toBe('ok')
  })
})
