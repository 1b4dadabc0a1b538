// Modal motion state (G90/G91, M82/M83, F, position) and the real duration of G0-G3 moves.

export type Words = ReadonlyMap<string, number>

export interface Position4 {
  x: number
  y: number
  z: number
  e: number
}

export interface Motion {
  /** G0/G1: returns the block durations to plan (empty when nothing moves). */
  linear(words: Words, timeScale: number): number[]
  /** G2 (clockwise) / G3: an arc split into ~1 mm segments, as Marlin does. */
  arc(words: Words, clockwise: boolean, timeScale: number): number[]
  /** G92. */
  setPosition(words: Words): void
  /** G28: the named axes (all when none) go to 0. */
  home(words: Words): void
  setRelative(relative: boolean): void
  setRelativeExtrusion(relative: boolean): void
  position(): Position4
  reset(): void
}

const MM_PER_ARC_SEGMENT = 1
const MAX_ARC_SEGMENTS = 2000
const DEFAULT_FEEDRATE_MM_MIN = 1500

/** Reads `X10 Y-2.5 F3000` style parameters (the command letter itself excluded). */
export function parseWords(args: string): Map<string, number> {
  const words = new Map<string, number>()
  const re = /([A-Za-z])\s*([-+]?(?:\d+\.?\d*|\.\d+))/g
  for (let m = re.exec(args); m; m = re.exec(args)) {
    const letter = (m[1] ?? '').toUpperCase()
    if (!words.has(letter)) words.set(letter, Number(m[2]))
  }
  return words
}

export function createMotion(): Motion {
  let pos: Position4 = { x: 0, y: 0, z: 0, e: 0 }
  let feedrate = DEFAULT_FEEDRATE_MM_MIN
  let relative = false
  let relativeE = false

  function target(words: Words): Position4 {
    const axis = (letter: string, current: number, rel: boolean): number => {
      const v = words.get(letter)
      if (v === undefined) return current
      return rel ? current + v : v
    }
    return {
      x: axis('X', pos.x, relative),
      y: axis('Y', pos.y, relative),
      z: axis('Z', pos.z, relative),
      e: axis('E', pos.e, relative || relativeE),
    }
  }

  function takeFeedrate(words: Words): number {
    const f = words.get('F')
    if (f !== undefined && f > 0) feedrate = f
    return feedrate / 60
  }

  return {
    linear(words, timeScale) {
      const speed = takeFeedrate(words)
      const to = target(words)
      const xyz = Math.hypot(to.x - pos.x, to.y - pos.y, to.z - pos.z)
      const distance = xyz > 0 ? xyz : Math.abs(to.e - pos.e)
      pos = to
      if (distance === 0) return []
      return [(distance / speed) * 1000 * timeScale]
    },
    arc(words, clockwise, timeScale) {
      const speed = takeFeedrate(words)
      const to = target(words)
      let cx: number
      let cy: number
      const r = words.get('R')
      if (r !== undefined) {
        const dx = to.x - pos.x
        const dy = to.y - pos.y
        const d = Math.hypot(dx, dy)
        const h = Math.sqrt(Math.max(0, r * r - (d / 2) ** 2))
        const sign = (clockwise ? 1 : -1) * (r < 0 ? -1 : 1)
        cx = pos.x + dx / 2 + (sign * h * dy) / (d || 1)
        cy = pos.y + dy / 2 - (sign * h * dx) / (d || 1)
      } else {
        cx = pos.x + (words.get('I') ?? 0)
        cy = pos.y + (words.get('J') ?? 0)
      }
      const radius = Math.hypot(pos.x - cx, pos.y - cy)
      const start = Math.atan2(pos.y - cy, pos.x - cx)
      const end = Math.atan2(to.y - cy, to.x - cx)
      let sweep = clockwise ? start - end : end - start
      if (sweep <= 1e-9) sweep += 2 * Math.PI
      const length = Math.hypot(radius * sweep, to.z - pos.z)
      pos = to
      if (length === 0) return []
      const segments = Math.min(MAX_ARC_SEGMENTS, Math.max(1, Math.ceil(length / MM_PER_ARC_SEGMENT)))
      const each = (length / speed / segments) * 1000 * timeScale
      return Array.from({ length: segments }, () => each)
    },
    setPosition(words) {
      const none = !['X', 'Y', 'Z', 'E'].some((a) => words.has(a))
      pos = {
        x: words.get('X') ?? (none ? 0 : pos.x),
        y: words.get('Y') ?? (none ? 0 : pos.y),
        z: words.get('Z') ?? (none ? 0 : pos.z),
        e: words.get('E') ?? (none ? 0 : pos.e),
      }
    },
    home(words) {
      const all = !['X', 'Y', 'Z'].some((a) => words.has(a))
      if (all || words.has('X')) pos.x = 0
      if (all || words.has('Y')) pos.y = 0
      if (all || words.has('Z')) pos.z = 0
    },
    setRelative(r) {
      relative = r
    },
    setRelativeExtrusion(r) {
      relativeE = r
    },
    position: () => ({ ...pos }),
    reset() {
      pos = { x: 0, y: 0, z: 0, e: 0 }
      feedrate = DEFAULT_FEEDRATE_MM_MIN
      relative = false
      relativeE = false
    },
  }
}
