// Structured one-line JSON logs on stdout for the journal, with levels and bound fields (request ids …).

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  /** A logger that adds `fields` to every line (e.g. `{ component: 'printer' }`, `{ requestId }`). */
  child(fields: Record<string, unknown>): Logger
  isEnabled(level: LogLevel): boolean
}

export interface LoggerOptions {
  level?: LogLevel
  /** Where each finished line goes; stdout by default. */
  write?: (line: string) => void
  now?: () => Date
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}) }
  }
  return value
}

export function createLogger(options: LoggerOptions = {}, bound: Record<string, unknown> = {}): Logger {
  const { level = 'info', write = (line) => process.stdout.write(line + '\n'), now = () => new Date() } = options
  const min = RANK[level]
  const log = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return
    const entry: Record<string, unknown> = { time: now().toISOString(), level: lvl, msg, ...bound }
    if (fields) for (const [k, v] of Object.entries(fields)) entry[k] = serialise(v)
    write(JSON.stringify(entry))
  }
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
    isEnabled: (lvl) => RANK[lvl] >= min,
  }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger({ write: () => {} })
