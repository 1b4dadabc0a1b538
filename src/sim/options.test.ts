// Simulator URL options: defaults, numbers from text, flags, and refusals naming the key.
import { describe, expect, it } from 'vitest'
import { parseSimOptions, parseSimPath } from './options.js'

describe('simulator options', () => {
  it('fills the defaults and reads numbers and flags from the URL', () => {
    const o = parseSimPath('sim://marlin?baud=250000&latencyMs=1&advancedOk=1&arcs=false&powerPanic=prusa')
    expect(o).toMatchObject({
      baud: 250000,
      latencyMs: 1,
      advancedOk: true,
      arcs: false,
      powerPanic: 'prusa',
      rxBuffer: 128,
      planner: 16,
      firmware: 'Marlin 2.1.2.1 (printgate sim)',
    })
    expect(o.stuckHeaterAt).toBeUndefined()
    expect(parseSimOptions({ baud: 0, transcript: false, heatRate: 500 })).toMatchObject({ baud: 0, transcript: false, heatRate: 500 })
  })

  it('refuses unknown keys and bad values, naming each', () => {
    expect(() => parseSimPath('sim://marlin?baudrate=1')).toThrowError('invalid simulator options: options: unknown key "baudrate"')
    expect(() =>
      parseSimOptions({ rxBuffer: '4', advancedOk: 'yes', corrupt: '2', bufsize: '1.5', heatRate: '0', powerPanic: 'other', latencyMs: 'x' }),
    ).toThrowError(
      'invalid simulator options: rxBuffer: must be at least 8; advancedOk: expected 0, 1, true or false; corrupt: must be at most 1; ' +
        'bufsize: expected a whole number; heatRate: must be greater than 0; powerPanic: expected one of none, prusa; latencyMs: expected a number, got "x"',
    )
    expect(() => parseSimPath('sim://klipper')).toThrowError(/unknown simulated firmware "klipper"/)
  })
})
