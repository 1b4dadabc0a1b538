// Sorts a firmware error line into a severity the engine acts on (resend follows, fatal, job-level …).

export type ErrorSeverity = 'line' | 'recoverable' | 'fatal' | 'job' | 'ignorable' | 'other'

// Checked in this order; the first match decides. "No Line Number with checksum" must come before
// the line-number/checksum class because it contains both words.
const RECOVERABLE = /no line number with checksum|missing linenumber/i
const FATAL =
  /kill\(\) called|printer halted|thermal runaway|heating failed|maxtemp|mintemp|thermal malfunction|^fatal:|watchdog timeout|emergency stop!|printer stopped due to errors|KILL caused by/i
const LINE = /line ?number|checksum|format error|expected line/i
const IGNORABLE =
  /unknown command|volume\.init|openroot|workdir open|open failed|sd init fail|no sd card|no media|error writing to file|cannot open subdir|sd card|sd read error/i
const LAST_LINE = /Last Line:\s*(-?\d+)/i
/** A line refused for its number, not its bytes: Marlin's "Line Number is not Last Line Number+1", Repetier's and
 * OctoPrint's virtual printer's "expected line 9 got 10". */
const SEQUENCE = /line number is not|expected line/i

/** True when a line error says the line's number was out of sequence (the line itself arrived intact). */
export const isSequenceError = (message: string): boolean => SEQUENCE.test(message)

/** Severity, message (prefix removed) and the `Last Line:` number of one error line. */
export function classifyError(text: string): { severity: ErrorSeverity; message: string; lastLine: number | null } {
  const message = text.replace(/^(?:error:|!!|fatal:)\s*/i, '').trim()
  const last = LAST_LINE.exec(text)
  const lastLine = last ? Number(last[1]) : null
  return { severity: severityOf(text), message, lastLine }
}

function severityOf(text: string): ErrorSeverity {
  if (RECOVERABLE.test(text)) return 'recoverable'
  if (FATAL.test(text)) return 'fatal'
  if (text.startsWith('!!')) return 'job'
  if (LINE.test(text)) return 'line'
  if (IGNORABLE.test(text)) return 'ignorable'
  return 'other'
}

/**
 * True when the line contains one of a profile's extra `fatalPatterns` (case-insensitive), e.g.
 * Repetier's unprefixed `Fail mode active`. parseReply does not know the profile, so the engine
 * checks this on lines parseReply did not already call fatal.
 */
export function matchesFatalPattern(line: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false
  const lower = line.toLowerCase()
  return patterns.some((pattern) => lower.includes(pattern.toLowerCase()))
}
