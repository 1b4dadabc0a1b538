// What a failure does: a fatal firmware error or a silent printer stops the link; a refused command, a resend loop
// or a heater fault fails the print and runs the cancel script; the heaters go off whenever the print cannot finish.
import { GatewayError, type ErrorCode } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import { renderScript } from '../protocol/commands.js'
import type { JobControls } from './job-controls.js'
import type { LinkState } from './link-state.js'
import { quietly, type PrinterConnection } from './printer-connection.js'

export interface LinkFailureDeps {
  log: Logger
  state: Pick<LinkState, 'apply'>
  connection: Pick<PrinterConnection, 'sender' | 'profile'>
  jobs: Pick<JobControls, 'current'>
  /** Stops what runs while the link is up (watchdog, polling, keep-alive). */
  stopSession(): void
}

export type LinkFailures = ReturnType<typeof createLinkFailures>

export function createLinkFailures(deps: LinkFailureDeps) {
  const { log, state, connection, jobs } = deps

  function heatersOff(): void {
    try {
      connection.sender()?.writeUrgent('M104 S0')
      connection.sender()?.writeUrgent('M140 S0')
    } catch {
      // The port is gone; nothing more can be done from here.
    }
  }

  /** The link cannot go on: everything stops, the heaters go off, the print fails. */
  function stopLink(event: 'fatal' | 'failed', code: ErrorCode, why: string, stateReason: string): void {
    connection.sender()?.abort(new GatewayError(code, why))
    heatersOff()
    state.apply(event, stateReason)
    jobs.current()?.end('failed', code, why)
    deps.stopSession()
  }

  /** The print cannot go on but the link can: the print fails and the profile's cancel script makes the printer safe. */
  function failJob(code: ErrorCode, why: string): void {
    const running = jobs.current()
    if (!running) return
    connection.sender()?.abort(new GatewayError(code, why))
    running.end('failed', code, why)
    void safeAfterFailure()
  }

  async function safeAfterFailure(): Promise<void> {
    const sender = connection.sender()
    if (!sender) return
    try {
      await sender.resetLineNumbers()
      const { park, scripts } = connection.profile()
      for (const line of renderScript(scripts.cancel, { z_lift: park.zLift, park_x: park.x, park_y: park.y })) quietly(sender.enqueue(line))
    } catch (error) {
      log.warn('could not run the cancel script after a failure', { error })
    }
  }

  return {
    heatersOff,
    failJob,
    /** A fatal firmware error (`Error:Printer halted`, a fatal echo pattern). */
    fatal: (message: string): void => stopLink('fatal', 'FIRMWARE_FATAL', message, `Firmware error: ${message}`),
    /** The sender gave up: consecutive timeouts stop the link; a resend loop or lost history fails the print. */
    senderFailed(code: ErrorCode, why: string): void {
      log.warn('link failure', { code, reason: why })
      if (code === 'PRINTER_TIMEOUT') stopLink('failed', code, why, why)
      else failJob(code, why)
    },
    /** printgate's heater watchdog saw what the firmware's thermal protection did not act on. */
    heaterFault(message: string): void {
      if (jobs.current()) failJob('HEATER_FAULT', `${message}. The print was stopped and the heaters turned off.`)
      else heatersOff()
    },
  }
}
