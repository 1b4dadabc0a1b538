// Marlin's line checks, table-driven, and the byte-to-line assembler.
import { describe, expect, it } from 'vitest'
import { checkLine, createLineAssembler } from './line-checker.js'

describe('checkLine', () => {
  it.each([
    ['N1 M115*39', 0, { ok: true, lineNumber: 1, command: 'M115', lastN: 1 }],
    ['N5 M105*34', 4, { ok: true, lineNumber: 5, command: 'M105', lastN: 5 }],
    ['  N5 M105*34', 4, { ok: true, lineNumber: 5, command: 'M105', lastN: 5 }],
    ['N0 M110 N0*125', 41, { ok: true, lineNumber: 0, command: 'M110 N0', lastN: 0 }],
    ['G1 X10', 7, { ok: true, lineNumber: null, command: 'G1 X10', lastN: 7 }],
  ])('accepts %s after line %d', (line, lastN, expected) => {
    expect(checkLine(line, lastN)).toEqual(expected)
  })

  it('takes the second N of an M110 line as the new last line', () => {
    const body = 'N9 M110 N100'
    let cs = 0
    for (const c of body) cs ^= c.charCodeAt(0)
    expect(checkLine(`${body}*${cs}`, 3)).toEqual({ ok: true, lineNumber: 9, command: 'M110 N100', lastN: 100 })
  })

  it.each([
    ['N6 M105*33', 4, 'Line Number is not Last Line Number+1, Last Line: 4'],
    ['N5 M105*35', 4, 'checksum mismatch, Last Line: 4'],
    ['N5 M105', 4, 'No Checksum with line number, Last Line: 4'],
    ['N7 M105', 4, 'Line Number is not Last Line Number+1, Last Line: 4'],
  ])('refuses %s after line %d', (line, lastN, error) => {
    expect(checkLine(line, lastN)).toEqual({ ok: false, error })
  })
})

describe('createLineAssembler', () => {
  const feed = (text: string, size = 96): string[] => {
    const assembler = createLineAssembler(size)
    const lines: string[] = []
    for (const byte of Buffer.from(text, 'latin1')) {
      const line = assembler.push(byte)
      if (line !== null) lines.push(line)
    }
    return lines
  }

  it('splits on \\n and \\r, drops empty and comment-only lines, strips comments', () => {
    expect(feed('G1 X1 ; move\r\n\n; only a comment\nM105\n')).toEqual(['G1 X1 ', 'M105'])
  })

  it('keeps at most MAX_CMD_SIZE-1 characters of a line', () => {
    const [line] = feed(`${'A'.repeat(120)}\n`)
    expect(line).toHaveLength(95)
  })
})
