// Tests file name normalisation: path tricks refused, ordinary names kept.
import { describe, expect, it } from 'vitest'
import { isGatewayError } from '../core/errors.js'
import { safeFileName } from './safe-file-name.js'

describe('safeFileName', () => {
  it.each([
    ['cube.gcode', 'cube.gcode'],
    ['models\\cube.gcode', 'models/cube.gcode'],
    ['a//b/./c.stl', 'a/b/c.stl'],
    ['Würfel 20 mm.gcode', 'Würfel 20 mm.gcode'],
    ['v1.2..final.gcode', 'v1.2..final.gcode'],
    ['  spaced.gcode ', 'spaced.gcode'],
  ])('%j -> %j', (input, expected) => expect(safeFileName(input)).toBe(expected))

  it.each([
    '../etc/passwd',
    'a/../../b.gcode',
    '..',
    '..\\..\\win.ini',
    '/etc/passwd',
    '\\\\server\\share\\x.gcode',
    'C:\\x.gcode',
    'c:x.gcode',
    'nul\u0000.gcode',
    'line\nbreak.gcode',
    '',
    '.',
    './',
    '...',
    'CON',
    'aux.gcode',
    '.hidden',
    'a/.env',
    'x'.repeat(201),
    'what?.gcode',
    'a|b.gcode',
  ])('refuses %j with FILE_NAME_INVALID', (input) => {
    let error: unknown
    try {
      safeFileName(input)
    } catch (e) {
      error = e
    }
    expect(isGatewayError(error, 'FILE_NAME_INVALID')).toBe(true)
  })

  it('never returns a path that escapes or is absolute (generated names)', () => {
    const parts = ['..', '.', '/', '\\', 'a', 'b.gcode', ' ', 'C:', '%2e%2e', '\u202e', 'é']
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % parts.length
    for (let i = 0; i < 3000; i++) {
      const name = Array.from({ length: 1 + (i % 7) }, () => parts[rand()]).join('')
      let out: string | undefined
      try {
        out = safeFileName(name)
      } catch (e) {
        expect(isGatewayError(e, 'FILE_NAME_INVALID')).toBe(true)
        continue
      }
      expect(out.startsWith('/')).toBe(false)
      expect(out.split('/')).not.toContain('..')
      expect(out).not.toContain('\\')
    }
  })
})
