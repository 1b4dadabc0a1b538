// Checks console G-code before it reaches the printer, and which commands the control scope may send.
import type { Context, MiddlewareHandler } from 'hono'
import { GatewayError } from '../core/errors.js'
import { firmwareChange } from '../protocol/firmware-commands.js'
import { parseGcode } from '../protocol/gcode-params.js'
import type { Access, Scope } from './scopes.js'

export const MAX_CONSOLE_LINE = 96
export const MAX_CONSOLE_LINES = 64

/** Harmless commands a `control` holder may send: readings, temperatures, fans, messages, speed/flow factors. */
const CONTROL_COMMANDS = new Set([
  'M105',
  'M114',
  'M115',
  'M119',
  'M27',
  'M31',
  'M155',
  'M104',
  'M109',
  'M140',
  'M190',
  'M106',
  'M107',
  'M117',
  'M220',
  'M221',
  'M300',
])

export type LineCheck = { ok: true; line: string; command: string } | { ok: false; reason: string }

/**
 * One console line: printable ASCII only, at most 96 characters, starting with a G, M or T command
 * word; no line number (`N…`), no checksum (`*`) and no M110, which belong to the link itself.
 */
export function checkConsoleLine(raw: string): LineCheck {
  const line = raw.trim()
  if (line.length === 0) return { ok: false, reason: 'empty line' }
  if (line.length > MAX_CONSOLE_LINE) return { ok: false, reason: `longer than ${MAX_CONSOLE_LINE} characters` }
  if (!/^[\x20-\x7e]+$/.test(line)) return { ok: false, reason: 'non-printable or non-ASCII characters' }
  if (line.includes('*')) return { ok: false, reason: 'checksums are added by the gateway' }
  const word = /^([GMTgmt])(\d{1,4})(?:\.\d)?(?=$|[\s;A-Za-z])/.exec(line)
  if (!word) return { ok: false, reason: 'not a G, M or T command' }
  const command = `${word[1]!.toUpperCase()}${Number(word[2])}`
  if (command === 'M110') return { ok: false, reason: 'line numbers belong to the gateway' }
  return { ok: true, line, command }
}

/** The console lines in a request body: `command`, `commands`, `line`, `lines` or `gcode`, strings or arrays. */
export function consoleLinesOf(body: unknown): string[] | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined
  const record = body as Record<string, unknown>
  const lines: string[] = []
  let found = false
  for (const key of ['command', 'commands', 'line', 'lines', 'gcode']) {
    const value = record[key]
    if (value === undefined) continue
    found = true
    const items = Array.isArray(value) ? value : [value]
    for (const item of items) {
      if (typeof item !== 'string') return undefined
      lines.push(...item.split(/\r\n|\r|\n/).filter((l) => l.trim() !== ''))
    }
  }
  return found ? lines : undefined
}

/**
 * The scope a list of valid lines needs: `control` if every command is harmless, else `admin`.
 * Commands on the firmware-changing list (shared with the pre-print scan) always need admin.
 */
export function scopeForLines(lines: readonly string[]): Scope {
  return lines.every((l) => {
    const parsed = checkConsoleLine(l).ok ? parseGcode(l) : null
    return parsed !== null && firmwareChange(parsed) === null && CONTROL_COMMANDS.has(parsed.word)
  })
    ? 'control'
    : 'admin'
}

export const isConsoleRoute = (method: string, path: string) => method.toUpperCase() === 'POST' && /^\/api\/printer\/command\/?$/.test(path)
/** Every printer's console (the main one's and /api/printers/<id>/command): its lines are checked the same way. */
const isAnyConsoleRoute = (method: string, path: string) => method.toUpperCase() === 'POST' && /^\/api\/(printer|printers\/[^/]+)\/command\/?$/.test(path)

async function jsonOf(c: Context): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    return undefined
  }
}

/** For access control's `adjustAccess`: harmless console commands need only `control`. */
export async function consoleAccess(c: Context, needed: Access): Promise<Access> {
  if (!isConsoleRoute(c.req.method, c.req.path)) return needed
  const lines = consoleLinesOf(await jsonOf(c))
  return lines && lines.length > 0 && lines.length <= MAX_CONSOLE_LINES ? scopeForLines(lines) : needed
}

/**
 * Refuses console requests with binary junk or malformed lines (422 GCODE_INVALID naming the line),
 * or with more than 64 lines, before the route hands them to the printer.
 */
export function consoleGuard(): MiddlewareHandler {
  return async function consoleGuard(c, next) {
    if (!isAnyConsoleRoute(c.req.method, c.req.path)) return next()
    const body = await jsonOf(c)
    if (body === undefined) return c.json(new GatewayError('INVALID_JSON').toJSON(), 400)
    const lines = consoleLinesOf(body)
    if (lines === undefined) return next() // not a shape we know: the route's own validation answers
    if (lines.length === 0 || lines.length > MAX_CONSOLE_LINES) {
      const error = new GatewayError('GCODE_INVALID', `Send between 1 and ${MAX_CONSOLE_LINES} lines`)
      return c.json(error.toJSON(), 422)
    }
    for (const [index, line] of lines.entries()) {
      const check = checkConsoleLine(line)
      if (!check.ok) {
        const error = new GatewayError('GCODE_INVALID', `Line ${index + 1} refused: ${check.reason}`, { detail: { index, reason: check.reason } })
        return c.json(error.toJSON(), 422)
      }
    }
    await next()
  }
}
