import { describe, expect, it } from 'vitest'
import { isTruthy, uploadDisplayPath } from './form-values.js'

describe('isTruthy', () => {
  it.each(['true', 'TRUE', 'yes', 'Y', '1', ' true ', '?1'])('reads %j as true', (v) => expect(isTruthy(v)).toBe(true))
  it.each(['false', '0', 'no', '', null, undefined, 'maybe'])('reads %j as false', (v) => expect(isTruthy(v)).toBe(false))
})

describe('uploadDisplayPath', () => {
  it('treats an empty folder as the root', () => expect(uploadDisplayPath('', 'cube.gcode')).toBe('cube.gcode'))
  it('normalises Windows slashes', () => expect(uploadDisplayPath('parts\\v2', 'cube.gcode')).toBe('parts/v2/cube.gcode'))
  it('drops leading slashes and dots', () => expect(uploadDisplayPath('/./a/', 'b.gcode')).toBe('a/b.gcode'))
  it('refuses to climb', () => {
    expect(uploadDisplayPath('../etc', 'x.gcode')).toBeNull()
    expect(uploadDisplayPath('', '..\\..\\x.gcode')).toBeNull()
  })
  it('refuses an empty name', () => expect(uploadDisplayPath('', '')).toBeNull())
})
