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
  ])('%s', (command, expected) => {
    const problem = heaterLimitProblem(command, limits)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })
})
