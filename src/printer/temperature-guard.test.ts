import { describe, expect, it } from 'vitest'
import { heaterLimitProblem } from './temperature-guard.js'

const limits = { hotendMax: 285, bedMax: 120, chamberMax: 70 }

describe('heater limits', () => {
  it.each([
    ['M104 S210', null],
    ['M109 S300', /hotend limit is 285/],
    ['M109 R290', /hotend/],
    ['M140 S60', null],
    ['M190 S130', /bed limit is 120/],
    ['M141 S80', /chamber/],
    ['G1 X300 S400', null],
    ['M104 T1 S286', /hotend/],
    // every spelling Marlin reads as the same target
    ['M104S999', /M104 asks for 999 °C/],
    ['M104 S+999', /999/],
    ['M104 S 999', /999/],
    ['M104 S999.5', /999.5/],
    ['m104 s999', /999/],
    ['M0104 S999', /M104/],
    ['N12 M104 S999*93', /999/],
    ['M104 T1S999', /999/],
    ['M104 S200 B999', /999/],
    ['M140S999', /bed limit is 120/],
    ['M190 R+130', /bed/],
    ['M191 S80', /chamber/],
    ['M141S+71', /chamber/],
    ['M568 P0 S300', /hotend/],
    ['G10 P0 S300 R200', /hotend/],
    ['G10 L2 P1 X300', null],
    ['G10', null],
    ['M104 S-5', null],
    ['M104 S.5', null],
    ['M104 S', null],
    ['M117 M104 S999', null],
    ['M1040 S999', null],
    ['G1 X1 E999', null],
  ])('%s', (command, expected) => {
    const problem = heaterLimitProblem(command, limits)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })
})
