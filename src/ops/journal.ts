// Log lines for the journal: under systemd, prefix each JSON line with <N> so `journalctl -p warning` filters by level.
import type { LogLevel } from '../core/logger.js'

/** syslog priorities journald understands from a `<N>` line prefix (SyslogLevelPrefix=yes is the default). */
const PRIORITY: Record<LogLevel, number> = { error: 3, warn: 4, info: 6, debug: 7 }
const LEVEL_FIELD = /"level":"(debug|info|warn|error)"/

/** The `<N>` prefix for one JSON log line; info when the line carries no known level. */
export function journalPrefix(line: string): string {
  const level = LEVEL_FIELD.exec(line)?.[1] as LogLevel | undefined
  return `<${PRIORITY[level ?? 'info']}>`
}

/**
 * A `write` for `createLogger`: adds the priority prefix only when stdout goes to the journal
 * (systemd sets JOURNAL_STREAM), so a terminal or a pipe still gets plain JSON lines.
 * @example createLogger({ level, write: createJournalWriter() })
 */
export function createJournalWriter(
  env: Record<string, string | undefined> = process.env,
  out: (text: string) => void = (text) => void process.stdout.write(text),
): (line: string) => void {
  const toJournal = Boolean(env.JOURNAL_STREAM)
  return (line) => out(toJournal ? `${journalPrefix(line)}${line}\n` : `${line}\n`)
}
