// Composable liveness predicates for the watchdog: event-loop lag under a threshold AND a healthy printer link.
import type { Clock } from '../core/clock.js'
import type { PrinterService } from '../printer/types.js'
import type { EventLoopMonitor } from './event-loop-monitor.js'

export const LINK_STALL_MS = 300_000

/** Answers "may the watchdog be fed now?". */
export type LivenessCheck = () => boolean | Promise<boolean>

/** True only when every check says true; a check that throws counts as false. */
export function allOf(...checks: LivenessCheck[]): LivenessCheck {
  return async () => {
    for (const check of checks) {
      try {
        if (!(await check())) return false
      } catch {
        return false
      }
    }
    return true
  }
}

/** The event loop is healthy while its lag stays under `maxLagMs`. */
export function eventLoopResponsive(monitor: EventLoopMonitor, maxLagMs: number): LivenessCheck {
  return () => monitor.lagMs() < maxLagMs
}

export interface PrinterLinkCheckOptions {
  printer: Pick<PrinterService, 'status' | 'events'>
  clock: Clock
  /**
   * While printing, this long without a line from the printer means the link is wedged. Long on
   * purpose (5 min): a restart ends the print, the engine's own reply timeouts handle a silent
   * printer, and a dwell or "wait for user" without host keepalive can be quiet for minutes.
   */
  stallMs?: number
}

/**
 * The printer link is unhealthy only when a print is running and nothing has come back from the
 * printer for `stallMs`. An unplugged or idle printer is NOT a reason to restart the gateway:
 * a restart cannot fix it and would only cut off the web UI in a loop.
 */
export function createPrinterLinkCheck({ printer, clock, stallMs = LINK_STALL_MS }: PrinterLinkCheckOptions): LivenessCheck & { dispose(): void } {
  let lastReceivedAt = clock.now()
  const offConsole = printer.events.on('printer:console', (line) => {
    if (line.direction === 'received') lastReceivedAt = clock.now()
  })
  const offState = printer.events.on('printer:state_changed', () => {
    lastReceivedAt = clock.now()
  })
  const check = () => printer.status().state !== 'printing' || clock.now() - lastReceivedAt < stallMs
  return Object.assign(check, {
    dispose() {
      offConsole()
      offState()
    },
  })
}
