// Helpers for the two routes the gateway and OctoPrint clients share: GET /api/printer and POST /api/printer/command.
import type { Context } from 'hono'
import type { PrinterStatus } from '../printer/types.js'
import { printerBody } from './octoprint-shapes.js'

/**
 * OctoPrint clients (Cura, phone apps) authenticate with `X-Api-Key`; printgate's own UI never sends
 * it. Only for them does `state` become OctoPrint's `{text, flags}` object (Cura indexes `state.flags`).
 */
export function speaksOctoPrint(c: Context): boolean {
  return c.req.header('x-api-key') !== undefined
}

/**
 * printgate's printer view plus OctoPrint's `temperature` and `sd`; `state` stays printgate's string
 * unless the caller speaks OctoPrint.
 */
export function octoPrintPrinterFields<T extends { state: string }>(view: T, status: PrinterStatus, octoPrintCaller: boolean) {
  const octo = printerBody(status)
  return { ...view, temperature: octo.temperature, sd: octo.sd, ...(octoPrintCaller ? { state: octo.state } : {}) }
}

/** `{command}` (printgate, answered with the reply) or OctoPrint's `{commands:[…]}` (answered 204). */
export function consoleCommandsOf(body: { command?: string; commands?: string[] }): { single: string } | { many: string[] } {
  return body.commands !== undefined ? { many: body.commands } : { single: body.command ?? '' }
}

/** The dialect createApp hands to GET /api/printer: OctoPrint's fields beside printgate's view. */
export function octoPrintDialect<T extends { state: string }>(view: T, status: PrinterStatus, c: Context) {
  return octoPrintPrinterFields(view, status, speaksOctoPrint(c))
}
