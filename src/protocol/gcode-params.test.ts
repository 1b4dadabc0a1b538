import { describe, expect, it } from 'vitest'
import { heaterTarget, parseGcode } from './gcode-params.js'

const params = (line: string) => Object.fromEntries(parseGcode(line)?.params ?? [])

describe('parseGcode', () => {
  it.each([
    ['G1 X10 Y-2.5 E.5 F1200', 'G1', { X: 10, Y: -2.5, E: 0.5, F: 1200 }],
    ['G1X10Y20', 'G1', { X: 10, Y: 20 }],
    ['G01 X+3', 'G1', { X: 3 }],
    ['g1 x1', 'G1', { X: 1 }],
    ['M104S+999', 'M104', { S: 999 }],
    ['M104 S 215', 'M104', { S: 215 }],
    ['M104 T1S200', 'M104', { T: 1, S: 200 }],
    ['N5 M109 R190*12', 'M109', { R: 190 }],
    ['M104 S1e3', 'M104', { S: 1, E: 3 }],
    ['G28 X', 'G28', { X: null }],
    ['M117 S999 hello', 'M117', {}],
    ['T1', 'T1', {}],
  ])('%s', (line, word, expected) => {
    expect(parseGcode(line)?.word).toBe(word)
    expect(params(line)).toEqual(expected)
  })
  it.each(['', 'hello', 'X10', '@pause', ';M104 S999'])('%j is not a command', (line) => {
    expect(parseGcode(line)).toBeNull()
  })
})

describe('heaterTarget', () => {
  it.each([
    ['M104 S215', { heater: 'hotend', celsius: 215 }],
    ['M109 R180', { heater: 'hotend', celsius: 180 }],
    ['M104 S200 B260', { heater: 'hotend', celsius: 260 }],
    ['M140S60', { heater: 'bed', celsius: 60 }],
    ['M190 R+55.5', { heater: 'bed', celsius: 55.5 }],
    ['M141 S40', { heater: 'chamber', celsius: 40 }],
    ['M191 R35', { heater: 'chamber', celsius: 35 }],
    ['G10 P0 S210 R170', { heater: 'hotend', celsius: 210 }],
    ['M104 T1', null],
    ['M106 S255', null],
    ['G10 L20 P1 X0', null],
  ])('%s', (line, expected) => {
    const target = heaterTarget(parseGcode(line))
    expect(target === null ? null : { heater: target.heater, celsius: target.celsius }).toEqual(expected)
  })
})
