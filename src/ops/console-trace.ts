// Debug option: logs every console line of a print (sent and received) as journal lines, whatever the log level.
import type { TypedEmitter } from '../core/events.js'
import type { Logger } from '../core/logger.js'
import type { PrinterEvents } from '../printer/types.js'

/**
 * Logs `printer:console` at info (so it shows without lowering the level for everything else),
 * one JSON line each: `{"component":"console","dir":"sent","line":"N12 G1 X10*93"}`.
 * Returns the function that turns it off again. Costly at 250000 baud: for debugging only.
 */
export function attachConsoleTrace(events: Pick<TypedEmitter<PrinterEvents>, 'on'>, logger: Logger): () => void {
  const log = logger.child({ component: 'console' })
  return events.on('printer:console', (line) => log.info('console', { dir: line.direction, line: line.line }))
}
