// Where a G-code has no picture: the extruding moves seen from above, cropped to the part, higher layers lighter.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { encodePng } from './png.js'

/** `feature`: the slicer's feature comment in force (null before the first one, or in files without them). */
export interface Segment { x0: number; y0: number; x1: number; y1: number; z: number; feature: string | null }

// Feature comments: PrusaSlicer/Orca ";TYPE:Skirt/Brim", Cura ";TYPE:SKIRT", Simplify3D "; skirt".
const FEATURE = /^;\s*(?:TYPE|FEATURE)\s*:\s*(.+)$/i
const NOT_THE_PART = /skirt|brim|custom|purge|wipe|prime/i

/** True for the object itself: a marked feature that is not skirt, brim, purge or custom start/end code. */
export const isPart = (s: Segment): boolean => s.feature !== null && !NOT_THE_PART.test(s.feature)

const AXIS_VALUE = { X: /X\s*(-?\d*\.?\d+)/, Y: /Y\s*(-?\d*\.?\d+)/, Z: /Z\s*(-?\d*\.?\d+)/, E: /E\s*(-?\d*\.?\d+)/ }

/** Follows positioning modes and extrusion through the file and hands each extruding XY move to `onSegment`. */
export function createToolpathFollower(onSegment: (s: Segment) => void) {
  const at = { x: 0, y: 0, z: 0, e: 0 }
  let relative = false
  let relativeE = false
  let scale = 1
  let feature: string | null = null
  const value = (words: string, letter: 'X' | 'Y' | 'Z' | 'E'): number | undefined => {
    const m = AXIS_VALUE[letter].exec(words)
    return m ? Number(m[1]) * scale : undefined
  }
  return (line: string) => {
    if (line.charCodeAt(0) === 59 /* ; */) {
      const marked = FEATURE.exec(line.trim())
      if (marked) feature = marked[1]!
      return
    }
    const code = line.split(';', 1)[0]!.trim().toUpperCase()
    const word = /^([GM])(\d+)(.*)$/.exec(code)
    if (!word) return
    const [, kind, number, rest] = word
    const name = `${kind}${Number(number)}`
    if (name === 'G0' || name === 'G1' || name === 'G2' || name === 'G3') {
      const next = { ...at }
      for (const axis of ['x', 'y', 'z'] as const) {
        const v = value(rest!, axis.toUpperCase() as 'X' | 'Y' | 'Z')
        if (v !== undefined) next[axis] = relative ? at[axis] + v : v
      }
      const e = value(rest!, 'E')
      if (e !== undefined) next.e = relativeE ? at.e + e : e
      if (next.e > at.e && (next.x !== at.x || next.y !== at.y)) onSegment({ x0: at.x, y0: at.y, x1: next.x, y1: next.y, z: next.z, feature })
      Object.assign(at, next)
    } else if (name === 'G90') [relative, relativeE] = [false, false]
    else if (name === 'G91') [relative, relativeE] = [true, true]
    else if (name === 'M82') relativeE = false
    else if (name === 'M83') relativeE = true
    else if (name === 'G20') scale = 25.4
    else if (name === 'G21') scale = 1
    else if (name === 'G92') {
      for (const axis of ['x', 'y', 'z', 'e'] as const) {
        const v = value(rest!, axis.toUpperCase() as 'X' | 'Y' | 'Z' | 'E')
        if (v !== undefined) at[axis] = v
      }
    } else if (name === 'G28') Object.assign(at, { x: 0, y: 0, z: 0 })
  }
}

export interface Extents { min: [number, number, number]; max: [number, number, number] }

/** A growing box around segments. */
function createBox() {
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  return {
    add(s: Segment) {
      min[0] = Math.min(min[0], s.x0, s.x1); max[0] = Math.max(max[0], s.x0, s.x1)
      min[1] = Math.min(min[1], s.y0, s.y1); max[1] = Math.max(max[1], s.y0, s.y1)
      min[2] = Math.min(min[2], s.z); max[2] = Math.max(max[2], s.z)
    },
    extents: (): Extents | null => (min[0] === Infinity ? null : { min, max }),
  }
}

/** A square top-down raster of `size` pixels fitted to `extents`, drawn into as segments arrive (no list is kept). */
export function createToolpathRaster(extents: Extents, size = 256) {
  const { min, max } = extents
  const margin = 8
  const scale = (size - 2 * margin) / Math.max(max[0] - min[0], max[1] - min[1], 1)
  const offsetX = (size - (max[0] - min[0]) * scale) / 2
  const offsetY = (size - (max[1] - min[1]) * scale) / 2
  const rgba = new Uint8Array(size * size * 4)
  let drawn = 0
  const plot = (px: number, py: number, shade: number) => {
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) {
      const x = px + dx, y = py + dy
      if (x < 0 || y < 0 || x >= size || y >= size) continue
      const i = (y * size + x) * 4
      rgba[i] = Math.round(120 + 120 * shade); rgba[i + 1] = Math.round(50 + 90 * shade); rgba[i + 2] = Math.round(20 + 40 * shade); rgba[i + 3] = 255
    }
  }
  return {
    draw(s: Segment) {
      drawn++
      const shade = max[2] > min[2] ? Math.min(1, Math.max(0, (s.z - min[2]) / (max[2] - min[2]))) : 1
      // Y grows towards the back of the bed, so it is drawn upwards.
      const x0 = offsetX + (s.x0 - min[0]) * scale, y0 = size - (offsetY + (s.y0 - min[1]) * scale)
      const x1 = offsetX + (s.x1 - min[0]) * scale, y1 = size - (offsetY + (s.y1 - min[1]) * scale)
      const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))))
      for (let k = 0; k <= steps; k++) plot(Math.floor(x0 + ((x1 - x0) * k) / steps), Math.floor(y0 + ((y1 - y0) * k) / steps), shade)
    },
    png: (): Buffer | null => (drawn === 0 ? null : encodePng(size, size, rgba)),
  }
}

async function eachLine(path: string, onLine: (line: string) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'latin1' }), crlfDelay: Infinity })
  for await (const line of lines) onLine(line)
}

/**
 * Streams a G-code file twice (extents, then drawing; no move is kept) and draws its toolpath; null when it extrudes nothing.
 * When the slicer marked its features, only the part is drawn: skirt, brim and purge lines would shrink it to a corner.
 */
export async function renderToolpathPicture(path: string, o: { size?: number } = {}): Promise<Buffer | null> {
  const all = createBox()
  const part = createBox()
  await eachLine(path, createToolpathFollower((s) => {
    all.add(s)
    if (isPart(s)) part.add(s)
  }))
  const partOnly = part.extents() !== null
  const extents = part.extents() ?? all.extents()
  if (!extents) return null
  const raster = createToolpathRaster(extents, o.size ?? 256)
  await eachLine(path, createToolpathFollower((s) => {
    if (!partOnly || isPart(s)) raster.draw(s)
  }))
  return raster.png()
}
