// The XY tool path and total extrusion of a list of commands, arcs read as Marlin reads G2/G3 (I/J or R), to compare two paths.
import { applyModal, initialModalState } from './modal-state.js'
import { parseGcode } from './gcode-params.js'

export interface ToolPath {
  /** Points in order; an arc is sampled every `stepMm` along it. */
  points: { x: number; y: number }[]
  /** The E position at the end (relative moves summed). */
  e: number
}

/** Replays `commands` from a G92-set start; arcs are sampled every `stepMm` (default 0.05 mm). */
export function toolPath(commands: Iterable<string>, stepMm = 0.05): ToolPath {
  const state = initialModalState()
  const points: { x: number; y: number }[] = []
  for (const command of commands) {
    const parsed = parseGcode(command)
    const fromX = state.x
    const fromY = state.y
    applyModal(state, command)
    if (!parsed || state.x === null || state.y === null) continue
    if (fromX === null || fromY === null) {
      if (parsed.word === 'G92' || parsed.word === 'G0' || parsed.word === 'G1') points.push({ x: state.x, y: state.y })
      continue
    }
    if (parsed.word === 'G2' || parsed.word === 'G3') points.push(...arcPoints(fromX, fromY, state.x, state.y, parsed.params, parsed.word === 'G2', stepMm))
    else if (parsed.word === 'G0' || parsed.word === 'G1' || parsed.word === 'G92') points.push({ x: state.x, y: state.y })
  }
  return { points, e: state.e }
}

function arcPoints(sx: number, sy: number, ex: number, ey: number, params: ReadonlyMap<string, number | null>, clockwise: boolean, stepMm: number) {
  const cx = sx + (params.get('I') ?? 0)
  const cy = sy + (params.get('J') ?? 0)
  const r = Math.hypot(sx - cx, sy - cy)
  const start = Math.atan2(sy - cy, sx - cx)
  let sweep = Math.atan2(ey - cy, ex - cx) - start
  if (clockwise && sweep >= 0) sweep -= 2 * Math.PI
  if (!clockwise && sweep <= 0) sweep += 2 * Math.PI
  const steps = Math.max(1, Math.ceil((Math.abs(sweep) * r) / stepMm))
  const out: { x: number; y: number }[] = []
  for (let k = 1; k < steps; k++) {
    const a = start + (sweep * k) / steps
    out.push({ x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) })
  }
  // Marlin's last segment goes to the target as written.
  out.push({ x: ex, y: ey })
  return out
}

/**
 * The largest distance from a point of either path to the other path (both are visited in order, so each point is
 * compared with the other path's segments within `windowMm` of path length of where it is along its own path).
 */
export function pathDeviation(a: ToolPath['points'], b: ToolPath['points'], windowMm = 5): number {
  return Math.max(oneWay(a, b, windowMm), oneWay(b, a, windowMm))
}

function cumulative(points: ToolPath['points']): number[] {
  const out = [0]
  for (let i = 1; i < points.length; i++) out.push((out[i - 1] as number) + Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y))
  return out
}

function oneWay(a: ToolPath['points'], b: ToolPath['points'], windowMm: number): number {
  const sa = cumulative(a)
  const sb = cumulative(b)
  let worst = 0
  let lo = 0
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!
    const s = sa[i] as number
    while (lo < sb.length - 1 && (sb[lo + 1] as number) < s - windowMm) lo++
    let best = Number.POSITIVE_INFINITY
    for (let j = lo; j < b.length && (sb[j] as number) <= s + windowMm + 1e-9; j++) {
      const q = b[j]!
      const next = b[j + 1]
      best = Math.min(best, next ? segmentDistance(p.x, p.y, q.x, q.y, next.x, next.y) : Math.hypot(p.x - q.x, p.y - q.y))
    }
    worst = Math.max(worst, best)
  }
  return worst
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2))
  return Math.hypot(px - ax - t * dx, py - ay - t * dy)
}
