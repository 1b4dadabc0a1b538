// Arc fitting: replaces runs of short G1 moves that lie on one circle with a single G2/G3 (for firmware with Cap:ARCS).
import { applyModal, initialModalState } from './modal-state.js'

export interface ArcFitOptions {
  /** Largest distance between the fitted arc and the original path, in mm (default 0.02). */
  toleranceMm?: number
  /** Fewest G1 moves worth one arc (default 4). */
  minMoves?: number
  /** Most G1 moves one arc replaces (default 500). */
  maxMoves?: number
  minRadiusMm?: number
  maxRadiusMm?: number
  /** Largest difference of a move's extrusion per mm from the run's, as a fraction (default 0.1). */
  extrusionSpread?: number
}

export interface ArcFitter<T> {
  /** One prepared command and what the caller keeps with it (its file line). */
  push(command: string, item: T): void
  /** Emits whatever is held: call before a layer or progress marker, and at the end of the file. */
  flush(): void
}

/** `command` replaces the original commands whose items are `items`, in file order. */
export type ArcFitEmit<T> = (command: string, items: T[]) => void

interface Move<T> {
  command: string
  item: T
  /** Where the move starts, and the feed rate it moves at. */
  fromX: number
  fromY: number
  feed: number | null
  x: number
  y: number
  /** The end point as written, copied verbatim into the arc so endpoints stay exact. */
  xText: string
  yText: string
  eText: string | null
  /** Extrusion of this move (relative), 0 for travel. */
  e: number
  length: number
}

interface Fit {
  cx: number
  cy: number
  i: string
  j: string
  clockwise: boolean
}

const G1_WORDS = /^G0*1(?=[ XYZEF]|$)((?: *[XYZEF][-+]?(?:\d+\.?\d*|\.\d+))*) *$/
const WORD = /([XYZEF])([-+]?(?:\d+\.?\d*|\.\d+))/g
const MAX_STEP_RADIANS = Math.PI / 4
const MAX_SWEEP_RADIANS = 1.5 * Math.PI

/**
 * Feeds prepared commands through; `emit` receives each command unchanged, or one `G2`/`G3` in place of a run of
 * G1 moves that: follow each other with nothing between, are in absolute XY (G90), keep Z, keep one feed rate (the
 * first move may set it), all extrude at about the same rate per mm (or all travel), and whose points and chords lie
 * within the tolerance of one circle. E is kept exactly: the sum of the run's E in relative mode (M83), the last
 * move's E in absolute mode (M82). The arc ends on the last move's X/Y as written.
 */
export function createArcFitter<T>(options: ArcFitOptions, emit: ArcFitEmit<T>): ArcFitter<T> {
  const tolerance = options.toleranceMm ?? 0.02
  const minMoves = options.minMoves ?? 4
  const maxMoves = options.maxMoves ?? 500
  const minRadius = options.minRadiusMm ?? 0.5
  const maxRadius = options.maxRadiusMm ?? 1000
  const spread = options.extrusionSpread ?? 0.1
  const state = initialModalState()
  let run: Move<T>[] = []
  let startX = 0
  let startY = 0
  /** The F the run's first move wrote (kept on the arc), and the feed rate the whole run moves at. */
  let runFeed: string | null = null
  let runFeedValue: number | null = null
  let best: Fit | null = null

  const emitOriginals = (moves: Move<T>[]) => {
    for (const m of moves) emit(m.command, [m.item])
  }

  const emitRun = () => {
    if (run.length >= minMoves && best)
      emit(
        arcCommand(run, best, runFeed, state.relativeE),
        run.map((m) => m.item),
      )
    else emitOriginals(run)
    run = []
    best = null
  }

  const startRun = (x: number, y: number, first: Move<T>, feedBefore: number | null) => {
    startX = x
    startY = y
    runFeed = featureF(first.command)
    runFeedValue = runFeed === null ? feedBefore : Number(runFeed)
  }

  /** Drops moves from the front of the run until the rest fits (or is too short to need to). */
  const refit = () => {
    while (run.length > 0) {
      best = run.length >= 2 ? fitCircle(startX, startY, run, tolerance, minRadius, maxRadius) : null
      if (best || run.length < 2) return
      const first = run.shift() as Move<T>
      emit(first.command, [first.item])
      if (run[0]) startRun(first.x, first.y, run[0], first.feed)
    }
  }

  return {
    push(command, item) {
      const feedBefore = state.feedrate
      const move = candidate(command, item, state)
      applyModal(state, command)
      if (!move) {
        emitRun()
        emit(command, [item])
        return
      }
      const f = featureF(command)
      const joins = run.length < maxMoves && extrudesAlike(run, move, spread) && (f === null || Number(f) === runFeedValue)
      if (run.length > 0 && !joins) emitRun()
      if (run.length === 0) startRun(move.fromX, move.fromY, move, feedBefore)
      run.push(move)
      const fit = run.length >= 2 ? fitCircle(startX, startY, run, tolerance, minRadius, maxRadius) : null
      if (fit || run.length < 2) best = fit
      else if (run.length - 1 >= minMoves) {
        run.pop()
        emitRun()
        startRun(move.fromX, move.fromY, move, feedBefore)
        run.push(move)
      } else refit()
    },
    flush() {
      emitRun()
    },
  }
}

function featureF(command: string): string | null {
  return /F([-+]?(?:\d+\.?\d*|\.\d+))/.exec(command)?.[1] ?? null
}

/** The move as a run member, or null when it cannot be part of an arc here. */
function candidate<T>(command: string, item: T, state: ReturnType<typeof initialModalState>): Move<T> | null {
  const m = G1_WORDS.exec(command)
  if (!m || state.relativeXYZ || state.x === null || state.y === null) return null
  const words = new Map<string, string>()
  for (const w of (m[1] ?? '').matchAll(WORD)) {
    if (words.has(w[1] as string)) return null
    words.set(w[1] as string, w[2] as string)
  }
  const xText = words.get('X') ?? null
  const yText = words.get('Y') ?? null
  if (xText === null && yText === null) return null
  const z = words.get('Z')
  if (z !== undefined && (state.z === null || Number(z) !== state.z)) return null
  const f = words.get('F')
  const feed = f === undefined ? state.feedrate : Number(f)
  const x = xText === null ? state.x : Number(xText)
  const y = yText === null ? state.y : Number(yText)
  const length = Math.hypot(x - state.x, y - state.y)
  if (length === 0) return null
  const eText = words.get('E') ?? null
  const e = eText === null ? 0 : state.relativeE ? Number(eText) : Number(eText) - state.e
  if (e < 0) return null
  return { command, item, fromX: state.x, fromY: state.y, feed, x, y, xText: xText ?? fmt(x), yText: yText ?? fmt(y), eText, e, length }
}

function extrudesAlike<T>(run: Move<T>[], move: Move<T>, spread: number): boolean {
  const first = run[0]
  if (!first) return true
  if ((first.eText === null) !== (move.eText === null) || (first.e === 0) !== (move.e === 0)) return false
  if (move.e === 0) return true
  const ratio = first.e / first.length
  return Math.abs(move.e / move.length - ratio) <= spread * ratio
}

/**
 * The circle through the run's start, middle and end points, with its centre rounded as it will be written, if every
 * point and every chord of the run lies within `tolerance` of it and the points go round one way by less than 1.5 turns' worth.
 */
function fitCircle<T>(sx: number, sy: number, run: Move<T>[], tolerance: number, minRadius: number, maxRadius: number): Fit | null {
  const mid = run[Math.floor((run.length - 1) / 2)] as Move<T>
  const end = run[run.length - 1] as Move<T>
  const centre = circumcentre(sx, sy, mid.x, mid.y, end.x, end.y)
  if (!centre) return null
  const i = fmt(centre.x - sx)
  const j = fmt(centre.y - sy)
  const cx = sx + Number(i)
  const cy = sy + Number(j)
  const r = Math.hypot(sx - cx, sy - cy)
  if (r < minRadius || r > maxRadius) return null
  let px = sx
  let py = sy
  let sweep = 0
  let direction = 0
  for (const m of run) {
    if (Math.abs(Math.hypot(m.x - cx, m.y - cy) - r) > tolerance) return null
    const cross = (px - cx) * (m.y - cy) - (py - cy) * (m.x - cx)
    const dot = (px - cx) * (m.x - cx) + (py - cy) * (m.y - cy)
    const step = Math.atan2(cross, dot)
    const sign = Math.sign(step)
    if (sign === 0 || (direction !== 0 && sign !== direction) || Math.abs(step) > MAX_STEP_RADIANS) return null
    direction = sign
    sweep += Math.abs(step)
    // Between two points the arc is furthest from the original chord where it crosses the chord's perpendicular bisector.
    const chordToCentre = Math.abs((m.x - px) * (cy - py) - (m.y - py) * (cx - px)) / m.length
    if (r - chordToCentre > tolerance) return null
    px = m.x
    py = m.y
  }
  if (sweep > MAX_SWEEP_RADIANS) return null
  return { cx, cy, i, j, clockwise: direction < 0 }
}

function circumcentre(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): { x: number; y: number } | null {
  const d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
  const scale = Math.max(Math.hypot(bx - ax, by - ay), Math.hypot(cx - ax, cy - ay)) ** 2
  if (Math.abs(d) < 1e-9 * Math.max(scale, 1e-9)) return null
  const a2 = ax * ax + ay * ay
  const b2 = bx * bx + by * by
  const c2 = cx * cx + cy * cy
  return { x: (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d, y: (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d }
}

function arcCommand<T>(run: Move<T>[], fit: Fit, feed: string | null, relativeE: boolean): string {
  const last = run[run.length - 1] as Move<T>
  let text = `${fit.clockwise ? 'G2' : 'G3'} X${last.xText} Y${last.yText} I${fit.i} J${fit.j}`
  if (last.eText !== null) text += ` E${relativeE ? exactSum(run.map((m) => m.eText as string)) : last.eText}`
  if (feed !== null) text += ` F${feed}`
  return text
}

/** The decimal sum of numbers as written, without binary rounding (E is summed to the digits the file used). */
export function exactSum(values: string[]): string {
  const digits = Math.max(0, ...values.map((v) => (v.includes('.') ? v.length - v.indexOf('.') - 1 : 0)))
  let total = 0n
  for (const v of values) {
    const negative = v.startsWith('-')
    const [whole = '', fraction = ''] = v.replace(/^[-+]/, '').split('.')
    const scaled = BigInt((whole || '0') + fraction.padEnd(digits, '0'))
    total += negative ? -scaled : scaled
  }
  const negative = total < 0n
  const abs = (negative ? -total : total).toString().padStart(digits + 1, '0')
  const text = digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`
  return negative ? `-${text}` : text
}

/** Four decimals: 0.05 µm, far below any tolerance worth setting. */
function fmt(value: number): string {
  const text = value.toFixed(4).replace(/\.?0+$/, '')
  return text === '-0' ? '0' : text
}
