import { describe, expect, it } from 'vitest'
import { checksum } from './checksum.js'
import { frameLine, framedLength, hasBinaryJunk, prepareLine, resetLine } from './gcode-line.js'

describe('prepareLine', () => {
  it.each([
    ['G1 X10 Y20 ; move', 'G1 X10 Y20'],
    ['  G28  \r', 'G28'],
    ['M117 Hello  World', 'M117 Hello  World'],
    ['m117 keep case', 'm117 keep case'],
    ['G1 X1\r\n', 'G1 X1'],
    ['\tM105\t', 'M105'],
  ])('%j -> %j', (raw, expected) => {
    expect(prepareLine(raw)).toBe(expected)
  })

  it.each(['', '   ', ';LAYER_CHANGE', '  ; just a comment', '\r', ';'])('%j is not sent', (raw) => {
    expect(prepareLine(raw)).toBeNull()
  })
})

describe('frameLine', () => {
  it.each([
    [0, 'M110 N0', 'N0 M110 N0*125'],
    [1, 'M115', 'N1 M115*39'],
    [5, 'M105', 'N5 M105*34'],
  ])('N%i %s -> %s (values from real host logs)', (n, cmd, expected) => {
    expect(frameLine(n, cmd)).toBe(expected)
  })

  it('puts the XOR of everything before the star after it', () => {
    const framed = frameLine(123456, 'G1 X10.5 Y-3 E0.0123 F1800')
    const [body, cs] = framed.split('*') as [string, string]
    expect(body).toBe('N123456 G1 X10.5 Y-3 E0.0123 F1800')
    expect(Number(cs)).toBe(checksum(body))
  })

  it('framedLength equals the framed string length', () => {
    for (const [n, cmd] of [
      [0, 'G28'],
      [9, 'M105'],
      [99999, 'G1 X100.123 Y200.456 E12.34567 F3000'],
      [7, 'M117 ' + 'x'.repeat(80)],
    ] as const) {
      expect(framedLength(n, cmd)).toBe(frameLine(n, cmd).length)
    }
  })
})

describe('resetLine', () => {
  it.each([
    [0, 'both', 'N0 M110 N0*125'],
    [100000, 'both', `N100000 M110 N100000*${checksum('N100000 M110 N100000')}`],
    [7, 'line', `N7 M110*${checksum('N7 M110')}`],
    [7, 'param', 'M110 N7'],
  ] as const)('%i %s -> %s', (n, form, expected) => {
    expect(resetLine(n, form)).toBe(expected)
  })

  it('gives nothing to send for firmwares where M110 is a no-op', () => {
    expect(resetLine(3, 'none')).toBeNull()
  })
})

describe('hasBinaryJunk', () => {
  it.each(['G1 X1', 'M117 Temp 20°C', 'G1\tX1\r\n', ''])('%j is clean', (raw) => {
    expect(hasBinaryJunk(raw)).toBe(false)
  })
  it.each(['G1\0X1', 'G1 X\u00011', '\u001b[0m', 'M117 \ufffd', 'G1\u007f', 'x\u0085'])('%j is junk', (raw) => {
    expect(hasBinaryJunk(raw)).toBe(true)
  })
})
