// Refuses heater targets above the profile's limits (hotend, bed, chamber), read with the shared G-code parser.

import type { FirmwareProfile } from '../profiles/schema.js'
import { heaterTarget, parseGcode } from '../protocol/gcode-params.js'

/** A cheap first look, so the moves of a large file are never parsed here. */
const MAY_SET_HEATER = /^(?:[Nn]\d+\s*)?(?:[Mm]|[Gg]\s*0*10(?!\d))/

/** The words to refuse `command` with, or null when its target (if any) is within the limits. */
export function heaterLimitProblem(command: string, limits: FirmwareProfile['temperatureLimits']): string | null {
  if (!MAY_SET_HEATER.test(command)) return null
  const target = heaterTarget(parseGcode(command))
  if (!target) return null
  const max = target.heater === 'hotend' ? limits.hotendMax : target.heater === 'bed' ? limits.bedMax : limits.chamberMax
  return target.celsius > max ? `${target.word} asks for ${target.celsius} °C; the ${target.heater} limit is ${max} °C` : null
}
