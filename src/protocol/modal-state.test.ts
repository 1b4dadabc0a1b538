// Modal state through G-code: absolute and relative E, G92, feed rate, fan, tool, targets, linear advance.
import { describe, expect, it } from 'vitest'
import { applyModal, initialModalState } from './modal-state.js'

const run = (...commands: string[]) => {
  const state = initialModalState()
  for (const c of commands) applyModal(state, c)
  return state
}

describe('applyModal', () => {
  it('absolute E follows the last E word and G92 resets it', () => {
    expect(run('M82', 'G1 X1 E5', 'G1 X2 E7.5').e).toBe(7.5)
    expect(run('M82', 'G1 X1 E5', 'G92 E0', 'G1 X2 E1').e).toBe(1)
  })
  it('relative E sums moves; the mode is kept', () => {
    const s = run('M83', 'G1 X1 E0.5', 'G1 X2 E0.25', 'G1 E-1')
    expect(s).toMatchObject({ relativeE: true, e: -0.25 })
  })
  it('G91 makes XYZ and E relative, G90 absolute again', () => {
    const s = run('G90', 'G1 Z0.2', 'G91', 'G1 Z0.4', 'G90', 'G1 X5 Y6')
    expect(s).toMatchObject({ x: 5, y: 6, z: expect.closeTo(0.6, 6) as unknown as number, relativeXYZ: false })
  })
  it('feed rate, fan, tool, targets and linear advance', () => {
    const s = run('G1 X1 F1800', 'M106 S128', 'T1', 'M104 T0 S200', 'M104 S215', 'M140 S60', 'M190 R55', 'M900 K0.05')
    expect(s).toMatchObject({ feedrate: 1800, fan: 128, tool: 1, hotendTarget: 215, bedTarget: 55, linearAdvance: 0.05 })
    expect(run('M106', 'M107').fan).toBe(0)
    expect(run('M106').fan).toBe(255)
  })
  it('G28 forgets the homed axes only', () => {
    expect(run('G1 X1 Y2 Z3', 'G28 X Y')).toMatchObject({ x: null, y: null, z: 3 })
    expect(run('G1 X1 Y2 Z3', 'G28')).toMatchObject({ x: null, y: null, z: null })
  })
})
