// Control actions to G-code: presets from the catalogue, motion refused while printing, baby-steps only while printing.
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../core/errors.js'
import { materials } from '../../plan/catalogue.js'
import { ControlAction, controlLines } from './control.js'

const lines = (body: unknown, state: Parameters<typeof controlLines>[1] = 'operational') => controlLines(ControlAction.parse(body), state)
const refusal = (body: unknown, state: Parameters<typeof controlLines>[1]) => {
  try {
    lines(body, state)
  } catch (error) {
    return error instanceof GatewayError ? error.code : String(error)
  }
  return null
}

describe('control actions', () => {
  it('turns each action into the G-code a Marlin printer expects', () => {
    expect(lines({ action: 'preheat', material: 'PETG' })).toEqual([`M104 S${materials.PETG.hotendC}`, `M140 S${materials.PETG.bedC}`])
    expect(lines({ action: 'cooldown' })).toEqual(['M104 S0', 'M140 S0'])
    expect(lines({ action: 'home' })).toEqual(['G28'])
    expect(lines({ action: 'home', axes: ['x', 'y', 'x'] })).toEqual(['G28 X Y'])
    expect(lines({ action: 'jog', axis: 'z', distance: -0.1 })).toEqual(['G91', 'G1 Z-0.1 F600', 'G90'])
    expect(lines({ action: 'jog', axis: 'x', distance: 10 })).toEqual(['G91', 'G1 X10 F3000', 'G90'])
    expect(lines({ action: 'fan', percent: 100 })).toEqual(['M106 S255'])
    expect(lines({ action: 'fan', percent: 0 })).toEqual(['M107'])
    expect(lines({ action: 'speed', percent: 120 }, 'printing')).toEqual(['M220 S120'])
    expect(lines({ action: 'flow', percent: 95 }, 'printing')).toEqual(['M221 S95'])
    expect(lines({ action: 'babystep', z: -0.05 }, 'printing')).toEqual(['M290 Z-0.05'])
  })

  it('refuses motion while printing or paused, and baby-steps without a print', () => {
    expect(refusal({ action: 'jog', axis: 'x', distance: 1 }, 'printing')).toBe('PRINTER_BUSY')
    expect(refusal({ action: 'home' }, 'paused')).toBe('PRINTER_BUSY')
    expect(refusal({ action: 'babystep', z: 0.02 }, 'operational')).toBe('PRINTER_NOT_PRINTING')
    expect(refusal({ action: 'preheat', material: 'PLA' }, 'printing')).toBeNull()
  })

  it('accepts only the offered step sizes and sane factors', () => {
    expect(ControlAction.safeParse({ action: 'jog', axis: 'x', distance: 3 }).success).toBe(false)
    expect(ControlAction.safeParse({ action: 'babystep', z: 0.5 }).success).toBe(false)
    expect(ControlAction.safeParse({ action: 'speed', percent: 1000 }).success).toBe(false)
    expect(ControlAction.safeParse({ action: 'preheat', material: 'WOOD' }).success).toBe(false)
    expect(ControlAction.safeParse({ action: 'fan', percent: 50, extra: 1 }).success).toBe(false)
  })
})
