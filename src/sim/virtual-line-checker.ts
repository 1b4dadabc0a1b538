// The line checks of OctoPrint's virtual printer (sim option lineReader=virtual), modelled from its behaviour: whole
// lines, no drain after an error; a checksum mismatch asks for current+1, where current counts every line whose
// checksum was valid, also lines it then refused as out of sequence; a numbered M110 sets both counters.
import { checksum } from '../protocol/checksum.js'

export interface VirtualCounters {
  /** The last line number accepted. */
  lastN: number
  /** Lines with a valid checksum since the last M110, plus its number. */
  current: number
}

export type VirtualCheck = { ok: true; lineNumber: number | null; command: string; reset: boolean } | { ok: false; error: string; resend: number }

/** Checks one received line and updates `c` as that printer does. */
export function checkVirtualLine(raw: string, c: VirtualCounters): VirtualCheck {
  let data = raw.trim()
  const star = data.lastIndexOf('*')
  if (star >= 0) {
    const digits = data.slice(star + 1).trim()
    data = data.slice(0, star)
    // A non-digit checksum stops its reader (a Python exception) there; here it counts as a mismatch.
    if (!/^\d+$/.test(digits) || Number(digits) !== checksum(data)) {
      c.lastN = c.current
      return { ok: false, error: 'Error: Missing checksum', resend: c.current + 1 }
    }
    c.current++
  }
  if (!data.startsWith('N')) return { ok: true, lineNumber: null, command: data, reset: false }
  const lineNumber = Number(/N(\d+)/.exec(data)?.[1] ?? Number.NaN)
  if (data.includes('M110')) {
    c.lastN = lineNumber
    c.current = lineNumber
    return { ok: true, lineNumber, command: 'M110', reset: true }
  }
  if (lineNumber !== c.lastN + 1) {
    const expected = c.lastN + 1
    return { ok: false, error: `Error: expected line ${expected} got ${lineNumber}`, resend: expected }
  }
  c.lastN = lineNumber
  const space = data.indexOf(' ')
  return { ok: true, lineNumber, command: space < 0 ? '' : data.slice(space + 1).trim(), reset: false }
}
