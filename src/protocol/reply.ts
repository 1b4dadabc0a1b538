// Classifies ONE line received from the firmware into a typed Reply; never throws (unknown -> echo).

import { classifyError, type ErrorSeverity } from './reply-errors.js'
import { parseFirmwareInfo } from './firmware-info.js'
import { parsePosition } from './position.js'
import { isHeatWaitLine, parseTemperatures } from './temperature.js'
import type { Position, Temperatures } from './types.js'

export type { ErrorSeverity } from './reply-errors.js'

export type Reply =
  | {
      kind: 'ok'
      /** ADVANCED_OK `N` or Repetier `ok <n>`. */
      lineNumber: number | null
      plannerFree: number | null
      bufferFree: number | null
      temperatures: Temperatures | null
      position: Position | null
      /** Everything after `ok` (trimmed); `parseReply(text)` classifies an embedded report such as Klipper's `ok FIRMWARE_NAME:…`. */
      text: string
    }
  | { kind: 'resend'; lineNumber: number }
  | { kind: 'skip'; lineNumber: number }
  | { kind: 'error'; severity: ErrorSeverity; message: string; lastLine: number | null }
  | { kind: 'busy'; reason: string }
  | { kind: 'wait' }
  | { kind: 'start' }
  | { kind: 'temperature'; temperatures: Temperatures; waiting: boolean }
  | { kind: 'position'; position: Position }
  | { kind: 'firmware'; name: string | null; version: string | null; fields: Record<string, string> }
  | { kind: 'capability'; name: string; enabled: boolean }
  | { kind: 'action'; action: string; argument: string }
  | { kind: 'echo'; text: string }

const RESEND = /^(?:resend|rs)(?::\s*|\s+)(?:N:?)?(\d+)(?:\s|$)/i
const SKIP = /^skip\s+(\d+)\s*$/i
const BUSY = /^(?:echo:\s*)?busy:\s*(.*)$/i
const ACTION = /^\/\/\s*action:\s*(\S+)\s*(.*)$/
const CAPABILITY = /^Cap:([A-Za-z0-9_]+):\s*([01])\s*$/
const ERROR_PREFIX = /^(?:error:|!!|fatal:)/i
// Fatal reports Marlin and RRF print without an `Error:` prefix.
const UNPREFIXED_FATAL = /^(?:Printer halted\.|kill\(\) called|Watchdog timeout|Emergency Stop!|KILL caused by)/i

/**
 * Classifies one received line. Ordered by how often each kind arrives while streaming.
 * @example parseReply('ok N12 P15 B3') // { kind: 'ok', lineNumber: 12, plannerFree: 15, bufferFree: 3, … }
 */
export function parseReply(line: string): Reply {
  const text = line.replace(/\0/g, '').trim()
  if (text.startsWith('ok') && (text.length === 2 || text.charCodeAt(2) <= 0x20)) return parseOk(text.slice(2).trim())

  if (ERROR_PREFIX.test(text) || UNPREFIXED_FATAL.test(text)) return { kind: 'error', ...classifyError(text) }

  const first = text.charAt(0)
  if (first === 'R' || first === 'r') {
    const resend = RESEND.exec(text)
    if (resend) return { kind: 'resend', lineNumber: Number(resend[1]) }
  }
  if (text === 'wait') return { kind: 'wait' }
  if (text === 'start') return { kind: 'start' }

  const busy = BUSY.exec(text)
  if (busy) return { kind: 'busy', reason: (busy[1] as string).trim() }

  if (first === '/') {
    const action = ACTION.exec(text)
    if (action) return { kind: 'action', action: action[1] as string, argument: (action[2] as string).trim() }
  }
  if (first === 'C') {
    const cap = CAPABILITY.exec(text)
    if (cap) return { kind: 'capability', name: (cap[1] as string).toUpperCase(), enabled: cap[2] === '1' }
  }
  if (first === 's') {
    const skip = SKIP.exec(text)
    if (skip) return { kind: 'skip', lineNumber: Number(skip[1]) }
  }
  if (text.includes('FIRMWARE_NAME')) {
    const info = parseFirmwareInfo(text)
    if (info) return { kind: 'firmware', ...info }
  }

  const position = parsePosition(text)
  if (position) return { kind: 'position', position }
  const temperatures = parseTemperatures(text)
  if (temperatures) return { kind: 'temperature', temperatures, waiting: isHeatWaitLine(text) }

  return { kind: 'echo', text }
}

function parseOk(rest: string): Reply {
  const ok: Extract<Reply, { kind: 'ok' }> = {
    kind: 'ok',
    lineNumber: null,
    plannerFree: null,
    bufferFree: null,
    temperatures: null,
    position: null,
    text: rest,
  }
  if (rest === '') return ok
  const repetier = /^(\d+)$/.exec(rest)
  if (repetier) {
    ok.lineNumber = Number(repetier[1])
    return ok
  }
  // ADVANCED_OK: `N<line> P<planner free> B<buffer free>`, N only when the acked line had one.
  const advanced = /^(?:N(\d+)\s+)?P(\d+)\s+B(\d+)(?:\s|$)/.exec(rest)
  if (advanced) {
    if (advanced[1] !== undefined) ok.lineNumber = Number(advanced[1])
    ok.plannerFree = Number(advanced[2])
    ok.bufferFree = Number(advanced[3])
    return ok
  }
  ok.position = parsePosition(rest)
  if (!ok.position) ok.temperatures = parseTemperatures(rest)
  return ok
}
