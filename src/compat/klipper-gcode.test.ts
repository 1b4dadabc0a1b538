// Klipper commands on Marlin: translated, passed through, or refused with GCODE_COMMAND_UNSUPPORTED.
import { describe, expect, it } from 'vitest'
import { isGatewayError } from '../core/errors.js'
import { translateScript } from './klipper-gcode.js'

describe('printer.gcode.script translation', () => {
  it('translates heaters, fans and print actions; passes Marlin lines; drops comments', () => {
    expect(translateScript('SET_HEATER_TEMPERATURE HEATER=extruder TARGET=215\nset_heater_temperature heater=heater_bed target=60.4')).toEqual([
      { kind: 'line', line: 'M104 S215' },
      { kind: 'line', line: 'M140 S60' },
    ])
    expect(translateScript('SET_FAN_SPEED FAN=fan SPEED=1\nSET_FAN_SPEED FAN=fan SPEED=0')).toEqual([
      { kind: 'line', line: 'M106 S255' },
      { kind: 'line', line: 'M107' },
    ])
    expect(translateScript('PAUSE\nRESUME\nCANCEL_PRINT')).toEqual([
      { kind: 'action', action: 'pause' },
      { kind: 'action', action: 'resume' },
      { kind: 'action', action: 'cancel' },
    ])
    expect(translateScript('G28 X ; home\n\nM117 Hi')).toEqual([
      { kind: 'line', line: 'G28 X' },
      { kind: 'line', line: 'M117 Hi' },
    ])
    expect(translateScript('TURN_OFF_HEATERS')).toHaveLength(2)
  })

  it.each(['SET_VELOCITY_LIMIT VELOCITY=100', 'FIRMWARE_RESTART', 'SET_HEATER_TEMPERATURE HEATER=chamber TARGET=40', 'SET_FAN_SPEED FAN=fan'])(
    'refuses %j',
    (script) => {
      let code: string | null = null
      try {
        translateScript(script)
      } catch (error) {
        code = isGatewayError(error) ? error.code : 'other'
      }
      expect(code).toBe('GCODE_COMMAND_UNSUPPORTED')
    },
  )
})
