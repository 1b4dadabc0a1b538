// Refuses heater targets above the profile's limits (M104/M109 hotend, M140/M190 bed, M141/M191 chamber).

import type { FirmwareProfile } from '../profiles/schema.js'

const HEATER_COMMAND = /^M(104|109|140|190|141|191)\b.*?\s[SR]\s*(-?\d+(?:\.\d+)?)/i

/** The words to refuse `command` with, or null when its target (if any) is within the limits. */
export function heaterLimitProblem(command: string, limits: FirmwareProfile['temperatureLimits']): string | null {
  if (command.charCodeAt(0) !== 77 && command.charCodeAt(0) !== 109) return null
  const match = HEATER_COMMAND.exec(command)
  if (!match) return null
  const code = match[1] as string
  const target = Number(match[2])
  const [heater, max] =
    code === '104' || code === '109' ? ['hotend', limits.hotendMax] : code === '140' || code === '190' ? ['bed', limits.bedMax] : ['chamber', limits.chamberMax]
  return target > max ? `${command.split(' ')[0]} asks for ${target} °C; the ${heater} limit is ${max} °C` : null
}
