import { describe, expect, it } from 'vitest'
import { firmwareProfileSchema } from '../profiles/schema.js'
import marlinJson from '../../firmware-profiles/marlin.json' with { type: 'json' }
import { commandCode, commandTimeoutMs, isEmergencyCommand, renderScript } from './commands.js'

const marlin = firmwareProfileSchema().parse(marlinJson)

describe('commandCode', () => {
  it.each([
    ['G1 X10 Y20', 'G1'],
    ['G01 X1', 'G1'],
    ['G1X10', 'G1'],
    ['g28', 'G28'],
    ['M109 S210', 'M109'],
    ['M0', 'M0'],
    ['G00 X0', 'G0'],
    ['T0', 'T0'],
    ['T12', 'T12'],
    ['N42 M105', 'M105'],
    ['  M117 Hello', 'M117'],
  ])('%j -> %s', (command, code) => {
    expect(commandCode(command)).toBe(code)
  })

  it.each(['PRINT_START EXTRUDER=210', 'TEST', '@pause', 'M', 'hello', '', 'G1_MACRO'])('%j has no code', (command) => {
    expect(commandCode(command)).toBeNull()
  })
})

describe('commandTimeoutMs with the Marlin profile', () => {
  it.each([
    ['G1 X10', marlin.timeouts.communicationMs],
    ['M105', marlin.timeouts.communicationMs],
    ['G28', 240_000],
    ['M109 S215', 1_200_000],
    ['M190 S60', 1_800_000],
    ['G29', 900_000],
    ['G4 P500', 600_500],
    ['G4 S90', 690_000],
    ['G4', 600_000],
  ])('%j -> %i ms', (command, ms) => {
    expect(commandTimeoutMs(command, marlin)).toBe(ms)
  })

  it('adds the dwell to the communication timeout when G4 has no entry', () => {
    const profile = { ...marlin, timeouts: { ...marlin.timeouts, longCommands: {} } }
    expect(commandTimeoutMs('G4 S120', profile)).toBe(marlin.timeouts.communicationMs + 120_000)
  })
})

describe('isEmergencyCommand', () => {
  it.each([
    ['M112', true],
    ['M108', true],
    ['M410', true],
    ['M876 S1', true],
    ['m112', true],
    ['N5 M112', true],
    ['M876 P1', false],
    ['M1120', false],
    ['M11', false],
    ['G1 X1', false],
    ['M104 S0', false],
  ])('%j -> %s', (command, expected) => {
    expect(isEmergencyCommand(command)).toBe(expected)
  })
})

describe('renderScript', () => {
  it('fills the Marlin pause script and formats numbers sanely', () => {
    expect(renderScript(marlin.scripts.pause, { z_lift: 10, park_x: 0, park_y: 200.5 })).toEqual([
      'M83',
      'G1 E-2 F2700',
      'G91',
      'G1 Z10 F600',
      'G90',
      'G1 X0 Y200.5 F6000',
    ])
  })

  it.each([
    [1 / 3, '0.3333'],
    [210, '210'],
    [-0.00001, '0'],
    [12.5, '12.5'],
    [-1.25, '-1.25'],
    [0.1 + 0.2, '0.3'],
  ])('formats %d as %s', (value, text) => {
    expect(renderScript(['G1 Z{v}'], { v: value })).toEqual([`G1 Z${text}`])
  })

  it('drops a line whose placeholder has no value', () => {
    const lines = ['M109 S{tool0_target}', 'M190 S{bed_target}', 'G1 Z{z} F{f}', 'G1 X{unknown}', 'G90']
    expect(renderScript(lines, { tool0_target: 215, bed_target: null, z: 3, f: undefined })).toEqual(['M109 S215', 'G90'])
  })

  it('drops lines with non-finite numbers or strings that would inject a command', () => {
    expect(renderScript(['G1 Z{z}', 'M117 {msg}', 'M117 {ok}'], { z: Number.NaN, msg: 'a\nM112', ok: 'Paused' })).toEqual(['M117 Paused'])
    expect(renderScript(['M117 {msg}'], { msg: 'x ; M104 S300' })).toEqual([])
  })
})
