// Marlin's serial line handling: assembling bytes into lines and checking line numbers and checksums.
import { checksum } from '../protocol/checksum.js'

export const ERR_LINE_NUMBER = 'Line Number is not Last Line Number+1, Last Line: '
export const ERR_CHECKSUM = 'checksum mismatch, Last Line: '
export const ERR_NO_CHECKSUM = 'No Checksum with line number, Last Line: '

export type LineCheck = { ok: true; lineNumber: number | null; command: string; lastN: number } | { ok: false; error: string }

/** C `strtol(text, 10)`: optional spaces and sign, then digits; 0 when there are none. */
function strtol(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text)
  return m ? Number(m[1]) : 0
}

/** The command Marlin's parser sees: `N…` skipped, cut at the FIRST `*` (the checksum check used the last). */
function commandText(line: string): string {
  const star = line.indexOf('*')
  return (star >= 0 ? line.slice(0, star) : line).replace(/^N[+-]?\d*\s*/, '').trim()
}

/**
 * Checks one received line the way Marlin does (numbering first, then checksum, then a missing `*`).
 * Lines that do not start with `N` are accepted unchecked. `command` is the text without `N…` and `*cs`.
 */
export function checkLine(raw: string, lastN: number): LineCheck {
  const line = raw.replace(/^ +/, '')
  if (!line.startsWith('N')) return { ok: true, lineNumber: null, command: commandText(line), lastN }
  const isM110 = line.includes('M110')
  let numberAt = 0
  if (isM110) {
    const second = line.indexOf('N', 4)
    if (second >= 0) numberAt = second
  }
  const lineNumber = strtol(line.slice(numberAt + 1))
  if (lineNumber !== lastN + 1 && !isM110) return { ok: false, error: ERR_LINE_NUMBER + lastN }
  const star = line.lastIndexOf('*')
  if (star < 0) return { ok: false, error: ERR_NO_CHECKSUM + lastN }
  if (checksum(line.slice(0, star)) !== strtol(line.slice(star + 1))) return { ok: false, error: ERR_CHECKSUM + lastN }
  const ownNumber = strtol(line.slice(1))
  return { ok: true, lineNumber: ownNumber, command: commandText(line), lastN: lineNumber }
}

export interface LineAssembler {
  /** Feeds one byte; returns a completed non-empty line (latin-1 text) or null. */
  push(byte: number): string | null
  /** Discards the partial line (after an error or a reset). */
  clear(): void
  readonly pending: number
}

/**
 * Marlin keeps at most MAX_CMD_SIZE-1 characters of a line (the rest is ignored, so an over-long
 * line fails its checksum), skips `;` comments, and ends lines on `\n` or `\r`; empty lines vanish.
 */
export function createLineAssembler(maxCommandSize = 96): LineAssembler {
  let chars: number[] = []
  let inComment = false
  return {
    push(byte) {
      if (byte === 0x0a || byte === 0x0d) {
        inComment = false
        if (chars.length === 0) return null
        const line = String.fromCharCode(...chars)
        chars = []
        return line.trim() === '' ? null : line
      }
      if (inComment) return null
      if (byte === 0x3b) {
        inComment = true
        return null
      }
      if (chars.length < maxCommandSize - 1) chars.push(byte)
      return null
    },
    clear() {
      chars = []
      inComment = false
    },
    get pending() {
      return chars.length
    },
  }
}
