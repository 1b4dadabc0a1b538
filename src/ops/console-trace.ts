// Debug option: logs every console line of a print (sent and received) as journal lines, whatever the log level.
import type { TypedEmitter } from '../core/events.js'
import type { Logger } from '../core/logger.js'
import type { PrinterEvents } from '../printer/types.js'

/** PRINTGATE_LOG_CONSOLE=1|true|yes|on turns the trace on from printgate.env without editing config.yaml. */
export function consoleTraceFromEnv(env: Record<string, string | undefined> = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.PRINTGATE_LOG_CONSOLE ?? '')
}

/**
 * Logs `printer:console` at info (so it shows without lowering the level for everything else),
 * one JSON line each: `{"component":"console","dir":"sent","line":"N12 G1 X10*93"}`.
 * Returns the function that turns it off again. Costly at 250000 baud: for debugging only.
 */
export function attachConsoleTrace(events: Pick<TypedEmitter<PrinterEvents>, 'on'>, logger: Logger): () => void {
  const log = logger.child({ component: 'console' })
  return events.on('printer:console', (line) => log.info('console', { dir: line.direction, line: line.line }))
}
