// Follows the printer's modal state through a stream of prepared G-code commands: position, E and its mode, feed rate, fan, tool, targets, linear advance.
import { parseGcode } from './gcode-params.js'

export interface ModalState {
  x: number | null
  y: number | null
  /** The last commanded Z (a Z-hop shows here; the layer's Z is tracked by the caller from layer markers). */
  z: number | null
  /** The E position in the firmware's coordinates (after G92 E resets); in relative mode the sum of moves since the last reset. */
  e: number
  relativeE: boolean
  relativeXYZ: boolean
  feedrate: number | null
  /** Part-cooling fan, 0-255. */
  fan: number
  tool: number
  hotendTarget: number | null
  bedTarget: number | null
  chamberTarget: number | null
  /** M900 K (linear advance), when the file set it. */
  linearAdvance: number | null
}

export function initialModalState(): ModalState {
  return {
    x: null,
    y: null,
    z: null,
    e: 0,
    relativeE: false,
    relativeXYZ: false,
    feedrate: null,
    fan: 0,
    tool: 0,
    hotendTarget: null,
    bedTarget: null,
    chamberTarget: null,
    linearAdvance: null,
  }
}

/** Applies one prepared command (comment stripped, upper-case letters as sent) to `state`, in place. */
export function applyModal(state: ModalState, command: string): void {
  const parsed = parseGcode(command)
  if (!parsed) return
  const p = (letter: string): number | null => parsed.params.get(letter) ?? null
  if (parsed.letter === 'T') {
    state.tool = parsed.code
    return
  }
  switch (parsed.word) {
    case 'G0':
    case 'G1':
    case 'G2':
    case 'G3': {
      const f = p('F')
      if (f !== null) state.feedrate = f
      for (const axis of ['X', 'Y', 'Z'] as const) {
        const v = p(axis)
        if (v === null) continue
        const key = axis.toLowerCase() as 'x' | 'y' | 'z'
        state[key] = state.relativeXYZ ? (state[key] ?? 0) + v : v
      }
      const e = p('E')
      if (e !== null) state.e = state.relativeE ? state.e + e : e
      return
    }
    case 'G28': {
      const named = ['X', 'Y', 'Z'].some((axis) => parsed.params.has(axis))
      for (const axis of ['X', 'Y', 'Z'] as const) if (!named || parsed.params.has(axis)) state[axis.toLowerCase() as 'x' | 'y' | 'z'] = null
      return
    }
    case 'G90':
      state.relativeXYZ = false
      state.relativeE = false
      return
    case 'G91':
      state.relativeXYZ = true
      state.relativeE = true
      return
    case 'G92': {
      for (const axis of ['X', 'Y', 'Z'] as const) {
        const v = p(axis)
        if (v !== null) state[axis.toLowerCase() as 'x' | 'y' | 'z'] = v
      }
      const e = p('E')
      if (e !== null) state.e = e
      return
    }
    case 'M82':
      state.relativeE = false
      return
    case 'M83':
      state.relativeE = true
      return
    case 'M104':
    case 'M109': {
      const tool = p('T')
      const target = p('S') ?? p('R')
      if (target !== null && (tool === null || tool === state.tool)) state.hotendTarget = target
      return
    }
    case 'M140':
    case 'M190': {
      const target = p('S') ?? p('R')
      if (target !== null) state.bedTarget = target
      return
    }
    case 'M141':
    case 'M191': {
      const target = p('S') ?? p('R')
      if (target !== null) state.chamberTarget = target
      return
    }
    case 'M106':
      state.fan = Math.max(0, Math.min(255, p('S') ?? 255))
      return
    case 'M107':
      state.fan = 0
      return
    case 'M900': {
      const k = p('K')
      if (k !== null) state.linearAdvance = k
      return
    }
    default:
      return
  }
}
