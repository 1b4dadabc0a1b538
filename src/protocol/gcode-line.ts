// Host-side line preparation: comment stripping, `N<n> cmd*cs` framing, M110 line-number resets.

import { checksum } from './checksum.js'

/**
 * Strips a `;` comment, surrounding whitespace and stray `\r`/`\n`. Returns null when nothing is
 * left (Marlin sends no `ok` for empty or comment-only lines, so they must never be sent).
 * The command itself is not altered: `M117 Hello  World` keeps its case and inner spaces.
 */
export function prepareLine(raw: string): string | null {
  const semicolon = raw.indexOf(';')
  let text = semicolon === -1 ? raw : raw.slice(0, semicolon)
  if (text.includes('\r') || text.includes('\n')) text = text.replace(/[\r\n]/g, '')
  text = text.trim()
  return text === '' ? null : text
}

/** `N<n> <command>*<xor>`, the numbered, checksummed wire form (without the newline). */
export function frameLine(lineNumber: number, command: string): string {
  const body = `N${lineNumber} ${command}`
  return `${body}*${checksum(body)}`
}

/** Length of `frameLine(lineNumber, command)` without building the string twice on hot paths. */
export function framedLength(lineNumber: number, command: string): number {
  const body = `N${lineNumber} ${command}`
  return body.length + 1 + String(checksum(body)).length
}

/**
 * The wire text that sets the firmware's line counter so the NEXT numbered line is lineNumber+1.
 * `both` -> `N<k> M110 N<k>*cs` (read by param and by line-N firmwares), `line` -> `N<k> M110*cs`,
 * `param` -> `M110 N<k>`, `none` -> null (M110 is a no-op there).
 * @example resetLine(0, 'both') === 'N0 M110 N0*125'
 */
export function resetLine(lineNumber: number, form: 'param' | 'line' | 'both' | 'none'): string | null {
  switch (form) {
    case 'both':
      return frameLine(lineNumber, `M110 N${lineNumber}`)
    case 'line':
      return frameLine(lineNumber, 'M110')
    case 'param':
      return `M110 N${lineNumber}`
    case 'none':
      return null
  }
}

/**
 * True when the text holds bytes that cannot be G-code: control characters other than tab, CR and
 * LF (NUL included), DEL, C1 controls, or U+FFFD (what a failed UTF-8 decode leaves behind).
 */
export function hasBinaryJunk(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return true
    } else if ((c >= 0x7f && c <= 0x9f) || c === 0xfffd) {
      return true
    }
  }
  return false
}
