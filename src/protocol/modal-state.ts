// Follows the printer's modal state through a stream of prepared G-code commands: position, E and its mode, feed rate, fan, tool, targets, linear advance.

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
  return { x: null, y: null, z: null, e: 0, relativeE: false, relativeXYZ: false, feedrate: null, fan: 0, tool: 0, hotendTarget: null, bedTarget: null, chamberTarget: null, linearAdvance: null }
}

/** The number after `letter` in a prepared command (Marlin style: no space needed, signed, decimal), or null. */
export function wordValue(command: string, letter: string): number | null {
  let at = command.indexOf(letter, 1)
  while (at !== -1) {
    const before = command.charCodeAt(at - 1)
    // A parameter letter follows a space or the command's digits (`M104S200`), never another letter.
    if (before === 0x20 || (before >= 0x30 && before <= 0x39)) {
      const match = /^[-+]?(\d+\.?\d*|\.\d+)/.exec(command.slice(at + 1))
      if (match) return Number(match[0])
      if (letter === 'E' || letter === 'S') return null
    }
    at = command.indexOf(letter, at + 1)
  }
  return null
}

function codeOf(command: string): string {
  let end = 1
  while (end < command.length) {
    const c = command.charCodeAt(end)
    if ((c < 0x30 || c > 0x39) && c !== 0x2e) break
    end++
  }
  return command.slice(0, end)
}

/** Applies one prepared command (comment stripped, upper-case letters as sent) to `state`, in place. */
export function applyModal(state: ModalState, command: string): void {
  const letter = command.charCodeAt(0)
  if (letter === 0x54 /* T */) {
    const tool = Number(command.slice(1))
    if (Number.isInteger(tool)) state.tool = tool
    return
  }
  const code = codeOf(command)
  switch (code) {
    case 'G0':
    case 'G1':
    case 'G2':
    case 'G3': {
      const f = wordValue(command, 'F')
      if (f !== null) state.feedrate = f
      for (const axis of ['X', 'Y', 'Z'] as const) {
        const v = wordValue(command, axis)
        if (v === null) continue
        const key = axis.toLowerCase() as 'x' | 'y' | 'z'
        state[key] = state.relativeXYZ ? (state[key] ?? 0) + v : v
      }
      const e = wordValue(command, 'E')
      if (e !== null) state.e = state.relativeE ? state.e + e : e
      return
    }
    case 'G28':
      for (const axis of ['X', 'Y', 'Z'] as const) {
        const named = /[XYZ]/.test(command.slice(3))
        if (!named || command.indexOf(axis, 3) !== -1) state[axis.toLowerCase() as 'x' | 'y' | 'z'] = null
      }
      return
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
        const v = wordValue(command, axis)
        if (v !== null) state[axis.toLowerCase() as 'x' | 'y' | 'z'] = v
      }
      const e = wordValue(command, 'E')
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
      const tool = wordValue(command, 'T')
      const target = wordValue(command, 'S') ?? wordValue(command, 'R')
      if (target !== null && (tool === null || tool === state.tool)) state.hotendTarget = target
      return
    }
    case 'M140':
    case 'M190': {
      const target = wordValue(command, 'S') ?? wordValue(command, 'R')
      if (target !== null) state.bedTarget = target
      return
    }
    case 'M141':
    case 'M191': {
      const target = wordValue(command, 'S') ?? wordValue(command, 'R')
      if (target !== null) state.chamberTarget = target
      return
    }
    case 'M106': {
      const s = wordValue(command, 'S')
      state.fan = Math.max(0, Math.min(255, s ?? 255))
      return
    }
    case 'M107':
      state.fan = 0
      return
    case 'M900': {
      const k = wordValue(command, 'K')
      if (k !== null) state.linearAdvance = k
      return
    }
    default:
      return
  }
}
