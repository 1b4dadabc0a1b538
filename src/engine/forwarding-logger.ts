// A Logger for the engine process: each enabled entry goes to the gateway, which writes it to the journal.

import type { Logger, LogLevel } from '../core/logger.js'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type LogEntry = { type: 'log'; level: LogLevel; msg: string; fields: Record<string, unknown> }

/** Errors and other non-data values become plain data so they can cross to the gateway. */
function plain(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}) }
  }
  if (typeof value === 'function' || typeof value === 'symbol') return String(value)
  return value
}

export function createForwardingLogger(level: LogLevel, post: (entry: LogEntry) => void, bound: Record<string, unknown> = {}): Logger {
  const min = RANK[level]
  const log = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return
    const all: Record<string, unknown> = { ...bound }
    if (fields) for (const [key, value] of Object.entries(fields)) all[key] = plain(value)
    try {
      post({ type: 'log', level: lvl, msg, fields: all })
    } catch {
      post({ type: 'log', level: lvl, msg, fields: JSON.parse(JSON.stringify(all)) as Record<string, unknown> })
    }
  }
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createForwardingLogger(level, post, { ...bound, ...fields }),
    isEnabled: (lvl) => RANK[lvl] >= min,
  }
}
