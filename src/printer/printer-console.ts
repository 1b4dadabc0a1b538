// The printer console: every line sent and received (a bounded ring and an event), and console commands, which
// wait their turn behind a print's lines with only so many waiting at once.
import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { TypedEmitter } from '../core/events.js'
import { isEmergencyCommand } from '../protocol/commands.js'
import { prepareLine } from '../protocol/gcode-line.js'
import { createConsoleRing } from './console-ring.js'
import type { PrinterConnection } from './printer-connection.js'
import { heaterLimitProblem } from './temperature-guard.js'
import type { ConsoleLine, PrinterEvents } from './types.js'

/** Console commands that may wait for the printer at once; more get 429 RATE_LIMITED instead of growing a queue. */
export const MAX_PENDING_CONSOLE = 16

export interface PrinterConsoleDeps {
  clock: Clock
  events: TypedEmitter<PrinterEvents>
  ringSize?: number | undefined
  link: Pick<PrinterConnection, 'requireSender' | 'profile'>
  /** M112 typed in the console is an emergency stop. */
  emergencyStop(): Promise<void>
}

export type PrinterConsole = ReturnType<typeof createPrinterConsole>

export function createPrinterConsole(deps: PrinterConsoleDeps) {
  const ring = createConsoleRing(deps.ringSize ?? 500)
  /** Console commands sent and not yet answered (capped at MAX_PENDING_CONSOLE). */
  let pending = 0
  return {
    record(direction: ConsoleLine['direction'], line: string): void {
      const entry = { direction, line, at: deps.clock.now() }
      ring.push(entry)
      deps.events.emit('printer:console', entry)
    },
    recent: (): ConsoleLine[] => ring.toArray(),
    /** Sends a typed line; resolves with its reply lines up to its ok (nothing for emergency commands). */
    async send(line: string): Promise<string[]> {
      const command = prepareLine(line)
      if (command === null) return []
      if (isEmergencyCommand(command) && command.startsWith('M112')) {
        await deps.emergencyStop()
        return []
      }
      const s = deps.link.requireSender()
      const tooHot = heaterLimitProblem(command, deps.link.profile().temperatureLimits)
      if (tooHot) throw new GatewayError('VALIDATION_FAILED', tooHot)
      if (isEmergencyCommand(command)) {
        s.writeUrgent(command)
        return []
      }
      if (pending >= MAX_PENDING_CONSOLE) throw new GatewayError('RATE_LIMITED', `${MAX_PENDING_CONSOLE} console commands are already waiting for the printer`)
      pending++
      return s.enqueue(command, { barrier: true, yieldToJob: true }).finally(() => pending--)
    },
  }
}
