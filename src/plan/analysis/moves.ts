// Follows the toolhead through G-code commands: extents, layers, net filament and a simple kinematic time estimate.

import type { BoundingBox } from '../cad/stl-stats.js'
import type { Vec3 } from '../catalogue.js'
import { heaterTarget, parseGcode, type ParsedGcode } from '../../protocol/gcode-params.js'

export interface MoveOptions {
  /** mm/s² used until the file sets its own with M204. */
  acceleration: number
  /** Speed (mm/s) a move may start and end at without slowing to zero (a jerk/junction stand-in). */
  junctionSpeed: number
}

export const DEFAULT_MOVE_OPTIONS: MoveOptions = { acceleration: 1000, junctionSpeed: 8 }

class Box {
  min: Vec3 = [Infinity, Infinity, Infinity]
  max: Vec3 = [-Infinity, -Infinity, -Infinity]
  add(p: Vec3): void {
    for (let k = 0; k < 3; k++) {
      if (p[k]! < this.min[k]!) this.min[k] = p[k]!
      if (p[k]! > this.max[k]!) this.max[k] = p[k]!
    }
  }
  result(): BoundingBox | null {
    if (this.min[0] === Infinity) return null
    const r = (v: number) => Math.round(v * 1000) / 1000
    const min = this.min.map(r) as Vec3
    const max = this.max.map(r) as Vec3
    return { min, max, size: [r(max[0] - min[0]), r(max[1] - min[1]), r(max[2] - min[2])] }
  }
}

/** Seconds for a move of `distance` mm at `speed` mm/s, accelerating from and braking to `junction` mm/s. */
export function trapezoidSeconds(distance: number, speed: number, acceleration: number, junction: number): number {
  if (distance <= 0 || speed <= 0) return 0
  const v0 = Math.min(junction, speed)
  const rampDistance = (speed * speed - v0 * v0) / (2 * acceleration)
  if (2 * rampDistance <= distance) return 2 * ((speed - v0) / acceleration) + (distance - 2 * rampDistance) / speed
  const peak = Math.sqrt(v0 * v0 + acceleration * distance)
  return (2 * (peak - v0)) / acceleration
}

/** The numeric parameters of a parsed command (letters without a value are left out). */
function numbersOf(parsed: ParsedGcode): Map<string, number> {
  const out = new Map<string, number>()
  for (const [letter, value] of parsed.params) if (value !== null) out.set(letter, value)
  return out
}

export function createMoveTracker(options: MoveOptions = DEFAULT_MOVE_OPTIONS) {
  const pos: Vec3 = [0, 0, 0]
  let e = 0
  let absolute = true
  let absoluteE = true
  let unitScale = 1
  let feed = 1500 / 60
  let acceleration = options.acceleration
  let seconds = 0
  let filament = 0
  const all = new Box()
  const object = new Box()
  const layerZs: number[] = []
  let lastLayerZ = -Infinity
  const temperatures = { hotend: null as number | null, bed: null as number | null }

  function move(p: Map<string, number>, countsForObject: boolean): void {
    const f = p.get('F')
    if (f !== undefined && f > 0) feed = (f * unitScale) / 60
    const next: Vec3 = [...pos]
    const axes = ['X', 'Y', 'Z'] as const
    axes.forEach((axis, k) => {
      const v = p.get(axis)
      if (v !== undefined) next[k] = absolute ? v * unitScale : pos[k]! + v * unitScale
    })
    const ev = p.get('E')
    const de = ev === undefined ? 0 : absoluteE ? ev * unitScale - e : ev * unitScale
    const distance = Math.hypot(next[0] - pos[0], next[1] - pos[1], next[2] - pos[2])
    seconds += trapezoidSeconds(distance > 0 ? distance : Math.abs(de), feed, acceleration, options.junctionSpeed)
    if (de > 0 && (next[0] !== pos[0] || next[1] !== pos[1])) {
      all.add(pos)
      all.add(next)
      if (countsForObject) {
        object.add(pos)
        object.add(next)
      }
      if (next[2] !== lastLayerZ && next[2] > lastLayerZ) {
        lastLayerZ = next[2]
        layerZs.push(Math.round(next[2] * 1000) / 1000)
      }
    }
    filament += de
    e += de
    pos[0] = next[0]
    pos[1] = next[1]
    pos[2] = next[2]
  }

  return {
    /** One prepared command (comment stripped, trimmed, upper-case letters as written). */
    command(cmd: string, countsForObject: boolean): void {
      const parsed = parseGcode(cmd)
      if (!parsed || parsed.letter === 'T') return
      const heat = heaterTarget(parsed)
      if (heat?.heater === 'hotend') temperatures.hotend = Math.max(temperatures.hotend ?? 0, heat.celsius)
      if (heat?.heater === 'bed') temperatures.bed = Math.max(temperatures.bed ?? 0, heat.celsius)
      const p = numbersOf(parsed)
      switch (parsed.word) {
        case 'G0':
        case 'G1':
        case 'G2':
        case 'G3':
          move(p, countsForObject)
          break
        case 'G4':
          seconds += (p.get('P') ?? 0) / 1000 + (p.get('S') ?? 0)
          break
        case 'G20':
          unitScale = 25.4
          break
        case 'G21':
          unitScale = 1
          break
        case 'G90':
          absolute = true
          absoluteE = true
          break
        case 'G91':
          absolute = false
          absoluteE = false
          break
        case 'M82':
          absoluteE = true
          break
        case 'M83':
          absoluteE = false
          break
        case 'G28':
          for (const [k, axis] of (['X', 'Y', 'Z'] as const).entries()) if (p.size === 0 || p.has(axis)) pos[k] = 0
          break
        case 'G92':
          ;(['X', 'Y', 'Z'] as const).forEach((axis, k) => {
            const v = p.get(axis)
            if (v !== undefined) pos[k] = v * unitScale
          })
          if (p.has('E')) e = p.get('E')! * unitScale
          break
        case 'M204': {
          const a = p.get('P') ?? p.get('S')
          if (a && a > 0) acceleration = a
          break
        }
      }
    },
    result() {
      const heights = new Set<number>()
      layerZs.forEach((z, i) => heights.add(Math.round((i === 0 ? z : z - layerZs[i - 1]!) * 1000) / 1000))
      return {
        boundingBox: all.result(),
        objectBoundingBox: object.result(),
        layerCount: layerZs.length,
        layerHeights: [...heights].sort((a, b) => a - b),
        filamentMm: Math.round(filament * 100) / 100,
        estimatedSeconds: Math.round(seconds),
        maxHotendC: temperatures.hotend,
        maxBedC: temperatures.bed,
      }
    },
  }
}
