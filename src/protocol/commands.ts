// Facts about one G-code command: its code, how long the firmware may take, emergency status, script rendering.

import type { FirmwareProfile } from '../profiles/schema.js'

const CODE = /^(?:N\d+\s+)?([GMTgmt])0*(\d+)(?![\d_])/
const EMERGENCY_CODES = new Set(['M112', 'M108', 'M410'])

/**
 * The command's code, upper-cased with leading zeros dropped: `G01 X1` -> `G1`, `m109 S200` -> `M109`,
 * `T0` -> `T0`, `G1X10` -> `G1`. Null for anything else (Klipper macros, `@pause`, text).
 */
export function commandCode(command: string): string | null {
  const match = CODE.exec(command.trimStart())
  if (!match) return null
  return `${(match[1] as string).toUpperCase()}${match[2]}`
}

/**
 * How long the firmware may legitimately take before it acknowledges `command`:
 * the profile's `longCommands[code]`, else `communicationMs`; a `G4 P<ms>`/`G4 S<s>` adds its dwell.
 */
export function commandTimeoutMs(command: string, profile: FirmwareProfile): number {
  const code = commandCode(command)
  const { longCommands, communicationMs } = profile.timeouts
  const base = (code !== null ? longCommands[code] : undefined) ?? communicationMs
  return code === 'G4' ? base + dwellMs(command) : base
}

function dwellMs(command: string): number {
  const millis = /\sP\s*(\d+(?:\.\d+)?)/i.exec(command)
  const seconds = /\sS\s*(\d+(?:\.\d+)?)/i.exec(command)
  return (millis ? Number(millis[1]) : 0) + (seconds ? Number(seconds[1]) * 1000 : 0)
}

/**
 * Commands that must bypass the queue: M112 (kill), M108 (break heat-wait), M410 (quickstop) and
 * `M876 S<n>` (prompt answer). `M876 P1` only announces prompt support and is not one.
 */
export function isEmergencyCommand(command: string): boolean {
  const code = commandCode(command)
  if (code === null) return false
  if (EMERGENCY_CODES.has(code)) return true
  return code === 'M876' && /\sS\s*\d/i.test(command)
}

type ScriptValue = number | string | null | undefined

/**
 * Fills `{name}` placeholders in a profile script. A line is dropped when any of its placeholders
 * is null, undefined, missing, a non-finite number, or a string holding a line break or `;` (which
 * would inject or cut a command). Numbers are written without exponent, at most 4 decimals, no
 * trailing zeros, never `-0`. Lines that end up empty are dropped.
 * @example renderScript(['M109 S{t}', 'G1 Z{z}'], { t: 215, z: null }) // ['M109 S215']
 */
export function renderScript(lines: string[], vars: Record<string, ScriptValue>): string[] {
  const rendered: string[] = []
  for (const line of lines) {
    let droppable = false
    const text = line.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
      const formatted = Object.hasOwn(vars, name) ? formatValue(vars[name]) : null
      if (formatted === null) droppable = true
      return formatted ?? ''
    })
    const trimmed = text.trim()
    if (!droppable && trimmed !== '') rendered.push(trimmed)
  }
  return rendered
}

function formatValue(value: ScriptValue): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return /[\r\n;\0]/.test(value) ? null : value
  if (!Number.isFinite(value)) return null
  const text = value.toFixed(4).replace(/\.?0+$/, '')
  return text === '-0' ? '0' : text
}
