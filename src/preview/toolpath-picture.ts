// Where a G-code has no picture: the extruding moves seen from above, cropped to the part, higher layers lighter.
import { createReadStream } from 'node:fs'
import { encodePng } from './png.js'

/** `feature`: the slicer's feature comment in force (null before the first one, or in files without them). */
export interface Segment {
  x0: number
  y0: number
  x1: number
  y1: number
  z: number
  feature: string | null
}

// Feature comments: PrusaSlicer/Orca ";TYPE:Skirt/Brim", Cura ";TYPE:SKIRT", Simplify3D "; skirt".
const FEATURE = /^;\s*(?:TYPE|FEATURE)\s*:\s*(.+)$/i
const NOT_THE_PART = /skirt|brim|custom|purge|wipe|prime/i

/** True for the object itself: a marked feature that is not skirt, brim, purge or custom start/end code. */
export const isPart = (s: Segment): boolean => s.feature !== null && !NOT_THE_PART.test(s.feature)

/** Reads the number after position `i` of `line` (up to the next space or letter); NaN when there is none. */
function numberAt(line: string, i: number): number {
  let j = i
  while (j < line.length) {
    const c = line.charCodeAt(j)
    // digits, '.', '-', '+'
    if ((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43) j++
    else break
  }
  return j > i ? Number(line.slice(i, j)) : NaN
}

/** Follows positioning modes and extrusion through the file and hands each extruding XY move to `onSegment`. */
export function createToolpathFollower(onSegment: (s: Segment) => void) {
  const at = { x: 0, y: 0, z: 0, e: 0 }
  let relative = false
  let relativeE = false
  let scale = 1
  let feature: string | null = null

  return (raw: string) => {
    const line = raw.trimStart()
    const first = line.charCodeAt(0)
    if (first === 59 /* ; */) {
      const marked = FEATURE.exec(line.trimEnd())
      if (marked) feature = marked[1]!
      return
    }
    // G or M, upper or lower case, then the number.
    const kind = first | 32
    if (kind !== 103 && kind !== 109) return
    const number = numberAt(line, 1)
    if (Number.isNaN(number)) return
    // Values by letter, up to the comment.
    let x = NaN,
      y = NaN,
      z = NaN,
      e = NaN
    for (let i = 1; i < line.length; i++) {
      const c = line.charCodeAt(i) | 32
      if (c === 59 /* ; */) break
      if (c === 120) x = numberAt(line, i + 1)
      else if (c === 121) y = numberAt(line, i + 1)
      else if (c === 122) z = numberAt(line, i + 1)
      else if (c === 101) e = numberAt(line, i + 1)
    }
    if (kind === 103 && number >= 0 && number <= 3) {
      const nx = Number.isNaN(x) ? at.x : relative ? at.x + x * scale : x * scale
      const ny = Number.isNaN(y) ? at.y : relative ? at.y + y * scale : y * scale
      const nz = Number.isNaN(z) ? at.z : relative ? at.z + z * scale : z * scale
      const ne = Number.isNaN(e) ? at.e : relativeE ? at.e + e * scale : e * scale
      if (ne > at.e && (nx !== at.x || ny !== at.y)) onSegment({ x0: at.x, y0: at.y, x1: nx, y1: ny, z: nz, feature })
      at.x = nx
      at.y = ny
      at.z = nz
      at.e = ne
      return
    }
    const code = `${kind === 103 ? 'G' : 'M'}${number}`
    if (code === 'G90') [relative, relativeE] = [false, false]
    else if (code === 'G91') [relative, relativeE] = [true, true]
    else if (code === 'M82') relativeE = false
    else if (code === 'M83') relativeE = true
    else if (code === 'G20') scale = 25.4
    else if (code === 'G21') scale = 1
    else if (code === 'G92') {
      if (!Number.isNaN(x)) at.x = x * scale
      if (!Number.isNaN(y)) at.y = y * scale
      if (!Number.isNaN(z)) at.z = z * scale
      if (!Number.isNaN(e)) at.e = e * scale
    } else if (code === 'G28') Object.assign(at, { x: 0, y: 0, z: 0 })
  }
}

export interface Extents {
  min: [number, number, number]
  max: [number, number, number]
}

/** A growing box around segments. */
function createBox() {
  const min: [number, number, number] = [Infinity, Infinity, Infinity]
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity]
  return {
    add(s: Segment) {
      min[0] = Math.min(min[0], s.x0, s.x1)
      max[0] = Math.max(max[0], s.x0, s.x1)
      min[1] = Math.min(min[1], s.y0, s.y1)
      max[1] = Math.max(max[1], s.y0, s.y1)
      min[2] = Math.min(min[2], s.z)
      max[2] = Math.max(max[2], s.z)
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
    for (let dy = 0; dy < 2; dy++)
      for (let dx = 0; dx < 2; dx++) {
        const x = px + dx,
          y = py + dy
        if (x < 0 || y < 0 || x >= size || y >= size) continue
        const i = (y * size + x) * 4
        rgba[i] = Math.round(120 + 120 * shade)
        rgba[i + 1] = Math.round(50 + 90 * shade)
        rgba[i + 2] = Math.round(20 + 40 * shade)
        rgba[i + 3] = 255
      }
  }
  return {
    draw(s: Segment) {
      drawn++
      const shade = max[2] > min[2] ? Math.min(1, Math.max(0, (s.z - min[2]) / (max[2] - min[2]))) : 1
      // Y grows towards the back of the bed, so it is drawn upwards.
      const x0 = offsetX + (s.x0 - min[0]) * scale,
        y0 = size - (offsetY + (s.y0 - min[1]) * scale)
      const x1 = offsetX + (s.x1 - min[0]) * scale,
        y1 = size - (offsetY + (s.y1 - min[1]) * scale)
      const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))))
      for (let k = 0; k <= steps; k++) plot(Math.floor(x0 + ((x1 - x0) * k) / steps), Math.floor(y0 + ((y1 - y0) * k) / steps), shade)
    },
    png: (): Buffer | null => (drawn === 0 ? null : encodePng(size, size, rgba)),
  }
}

/** Calls `onLine` for each line of the file, read in large chunks (much faster than readline for millions of lines). */
async function eachLine(path: string, onLine: (line: string) => void): Promise<void> {
  let rest = ''
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: 256 * 1024 })) {
    const text = rest + (chunk as string)
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      onLine(text.slice(start, nl))
      start = nl + 1
    }
    rest = text.slice(start)
  }
  if (rest) onLine(rest)
}

/**
 * Streams a G-code file twice (extents, then drawing; no move is kept) and draws its toolpath; null when it extrudes nothing.
 * When the slicer marked its features, only the part is drawn: skirt, brim and purge lines would shrink it to a corner.
 */
export async function renderToolpathPicture(path: string, o: { size?: number } = {}): Promise<Buffer | null> {
  const all = createBox()
  const part = createBox()
  await eachLine(
    path,
    createToolpathFollower((s) => {
      all.add(s)
      if (isPart(s)) part.add(s)
    }),
  )
  const partOnly = part.extents() !== null
  const extents = part.extents() ?? all.extents()
  if (!extents) return null
  const raster = createToolpathRaster(extents, o.size ?? 256)
  await eachLine(
    path,
    createToolpathFollower((s) => {
      if (!partOnly || isPart(s)) raster.draw(s)
    }),
  )
  return raster.png()
}
