// Moonraker's printer.gcode.script on a Marlin printer: Marlin lines pass, the common Klipper commands are translated, others are refused.
import { GatewayError } from '../core/errors.js'

export type ScriptStep = { kind: 'line'; line: string } | { kind: 'action'; action: 'pause' | 'resume' | 'cancel' }

const params = (rest: string): Record<string, string> =>
  Object.fromEntries([...rest.matchAll(/([A-Za-z_]+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!.toUpperCase(), m[2]!.replace(/^"|"$/g, '')]))

function number(p: Record<string, string>, key: string, command: string): number {
  const value = Number(p[key])
  if (p[key] === undefined || !Number.isFinite(value)) throw new GatewayError('GCODE_COMMAND_UNSUPPORTED', `${command} needs a number ${key}=`)
  return value
}

/** One Klipper command as Marlin lines or a print action; null when the line is not a Klipper extended command. */
export function translateKlipper(line: string): ScriptStep[] | null {
  const m = /^([A-Z_][A-Z0-9_]*[A-Z_])(\s+.*)?$/i.exec(line.trim())
  if (!m || /^[GMT]\d/i.test(line.trim())) return null
  const command = m[1]!.toUpperCase()
  const p = params(m[2] ?? '')
  switch (command) {
    case 'SET_HEATER_TEMPERATURE': {
      const heater = (p.HEATER ?? '').toLowerCase()
      const target = Math.round(p.TARGET === undefined ? 0 : number(p, 'TARGET', command))
      if (heater === 'extruder') return [{ kind: 'line', line: `M104 S${target}` }]
      if (heater === 'heater_bed') return [{ kind: 'line', line: `M140 S${target}` }]
      throw new GatewayError('GCODE_COMMAND_UNSUPPORTED', `No heater "${p.HEATER ?? ''}" on this printer (extruder, heater_bed)`)
    }
    case 'SET_FAN_SPEED': {
      const speed = Math.max(0, Math.min(1, number(p, 'SPEED', command)))
      return [{ kind: 'line', line: speed === 0 ? 'M107' : `M106 S${Math.round(speed * 255)}` }]
    }
    case 'TURN_OFF_HEATERS':
      return [
        { kind: 'line', line: 'M104 S0' },
        { kind: 'line', line: 'M140 S0' },
      ]
    case 'CANCEL_PRINT':
      return [{ kind: 'action', action: 'cancel' }]
    case 'PAUSE':
      return [{ kind: 'action', action: 'pause' }]
    case 'RESUME':
      return [{ kind: 'action', action: 'resume' }]
    default:
      throw new GatewayError(
        'GCODE_COMMAND_UNSUPPORTED',
        `${command} is a Klipper command printgate does not translate for Marlin; send Marlin G-code or one of SET_HEATER_TEMPERATURE, SET_FAN_SPEED, TURN_OFF_HEATERS, PAUSE, RESUME, CANCEL_PRINT`,
      )
  }
}

/** A whole script, line by line; comments and blank lines dropped. */
export function translateScript(script: string): ScriptStep[] {
  return script
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/;.*$/, '').trim())
    .filter((l) => l !== '')
    .flatMap((l) => translateKlipper(l) ?? [{ kind: 'line' as const, line: l }])
}
