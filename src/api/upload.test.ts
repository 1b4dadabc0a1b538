// File-name and content checks for uploads.
import { describe, expect, it } from 'vitest'
import { isGatewayError } from '../core/errors.js'
import { checkFileName, looksLikeText } from './upload.js'

const codeOf = (fn: () => unknown) => {
  try {
    fn()
    return null
  } catch (e) {
    return isGatewayError(e) ? e.code : 'OTHER'
  }
}

describe('checkFileName', () => {
  it('accepts plain G-code and STL names', () => {
    expect(checkFileName('bracket v2.gcode')).toEqual({ name: 'bracket v2.gcode', kind: 'gcode' })
    expect(checkFileName('Part..Final.GCO')).toEqual({ name: 'Part..Final.GCO', kind: 'gcode' })
    expect(checkFileName('cube.STL').kind).toBe('stl')
  })
  it('refuses paths, hidden names, control characters and other types', () => {
    for (const bad of ['../x.gcode', '/etc/x.gcode', 'a\\b.gcode', '.x.gcode', 'x\u0000.gcode', 'x\n.gcode', '', undefined]) {
      expect(
        codeOf(() => checkFileName(bad)),
        String(bad),
      ).toBe('FILE_NAME_INVALID')
    }
    expect(codeOf(() => checkFileName('x.exe'))).toBe('FILE_TYPE_UNSUPPORTED')
    expect(codeOf(() => checkFileName('gcode'))).toBe('FILE_TYPE_UNSUPPORTED')
  })
})

describe('looksLikeText', () => {
  it('tells G-code text from binary data', () => {
    expect(looksLikeText(Buffer.from('G28\r\nG1 X1 ; déjà\n\tM84\n'))).toBe(true)
    expect(looksLikeText(Buffer.from([0x47, 0x00, 0x31]))).toBe(false)
    expect(looksLikeText(Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 2 ? 0x41 : 0x01))))).toBe(false)
  })
})
