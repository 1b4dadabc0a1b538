// Parses heater reports of every firmware in the matrix (Marlin, Prusa, Buddy, RRF, Klipper, Smoothie, Repetier).

import type { HeaterReading, Temperatures } from './types.js'

// `<sensor>:<actual>[ /<target>]` preceded by start or whitespace; `@`-power fields never match
// because a sensor name must start with a letter and contain no `@`.
const SENSOR = /(?:^|\s)([A-Za-z][A-Za-z0-9]*):\s*(-?\d+(?:\.\d+)?)(?:\s*\/\s*(-?\d+(?:\.\d+)?))?(?=\s|$|\()/g
const TOOL = /^T(\d+)$/
// Fields that share the `X:n` shape but are not heaters (M109 wait lines: `E:0 W:?`).
const NOT_A_HEATER = new Set(['E', 'W'])

/**
 * Extracts temperatures from a report line (`ok` prefix allowed). Returns null unless the line
 * carries a tool (`T:`, `Tn:`), bed (`B:`) or chamber (`C:`) reading.
 * Canonical tools: a bare `T` is dropped when `T0` exists; with `T1` but no `T0` (Smoothie) `T`
 * becomes T0; alone it is T0. The first occurrence of a sensor wins.
 * @example parseTemperatures('ok T:210.0 /210.0 B:60 /60 @:0 B@:0')
 */
export function parseTemperatures(text: string): Temperatures | null {
  if (!text.includes(':')) return null
  const seen = new Map<string, HeaterReading>()
  for (const match of text.matchAll(SENSOR)) {
    const name = match[1] as string
    if (seen.has(name) || NOT_A_HEATER.has(name)) continue
    const target = match[3]
    seen.set(name, { actual: Number(match[2]), target: target === undefined ? null : Number(target) })
  }
  const toolsByIndex = new Map<number, HeaterReading>()
  for (const [name, reading] of seen) {
    const tool = TOOL.exec(name)
    if (tool) toolsByIndex.set(Number(tool[1]), reading)
  }
  const bare = seen.get('T')
  if (bare && !toolsByIndex.has(0)) toolsByIndex.set(0, bare)
  const bed = seen.get('B')
  const chamber = seen.get('C')
  if (toolsByIndex.size === 0 && !bed && !chamber) return null

  const result: Temperatures = { tools: denseTools(toolsByIndex) }
  if (bed) result.bed = bed
  if (chamber) result.chamber = chamber
  const extra: Record<string, HeaterReading> = {}
  for (const [name, reading] of seen) {
    if (name === 'T' || name === 'B' || name === 'C' || TOOL.test(name)) continue
    extra[name] = reading
  }
  if (Object.keys(extra).length > 0) result.extra = extra
  return result
}

/** Tools in index order; a gap (T0 and T2 only) keeps its slot with a NaN reading rather than shifting. */
function denseTools(byIndex: Map<number, HeaterReading>): HeaterReading[] {
  if (byIndex.size === 0) return []
  const highest = Math.max(...byIndex.keys())
  const tools: HeaterReading[] = []
  for (let i = 0; i <= highest; i++) tools.push(byIndex.get(i) ?? { actual: Number.NaN, target: null })
  return tools
}

/** True for Marlin's heat-wait lines (`… W:5` or `… W:?`), printed each second during M109/M190. */
export function isHeatWaitLine(text: string): boolean {
  return /(?:^|\s)W:\s*(?:\?|\d)/.test(text)
}

/**
 * Repetier's separate target reports: `TargetExtr0:210`, `TargetBed:60`.
 * Returns the heater (tool index, 'bed') and its new target, or null.
 */
export function parseTargetReport(text: string): { heater: number | 'bed'; target: number } | null {
  const match = /^\s*Target(?:Extr(\d+)|(Bed)):\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text)
  if (!match) return null
  return { heater: match[2] ? 'bed' : Number(match[1]), target: Number(match[3]) }
}
