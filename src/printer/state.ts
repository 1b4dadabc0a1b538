// The connection state machine as pure transitions: (state, event) -> next state, or null when not allowed.

import type { PrinterState } from './types.js'

export type LinkEvent =
  | 'connect'
  | 'opened'
  | 'handshake_done'
  | 'print_started'
  | 'paused'
  | 'resumed'
  | 'job_ended'
  | 'fatal'
  | 'emergency_stop'
  | 'link_lost'
  | 'firmware_reset'
  | 'disconnect'
  | 'failed'

const TABLE: Record<PrinterState, Partial<Record<LinkEvent, PrinterState>>> = {
  disconnected: { connect: 'connecting', disconnect: 'disconnected' },
  connecting: { opened: 'handshake', failed: 'disconnected', link_lost: 'disconnected', disconnect: 'disconnected' },
  handshake: {
    handshake_done: 'operational',
    failed: 'error',
    fatal: 'error',
    emergency_stop: 'error',
    link_lost: 'disconnected',
    firmware_reset: 'handshake',
    disconnect: 'disconnected',
  },
  operational: {
    print_started: 'printing',
    fatal: 'error',
    emergency_stop: 'error',
    link_lost: 'disconnected',
    firmware_reset: 'handshake',
    disconnect: 'disconnected',
    failed: 'error',
  },
  printing: {
    paused: 'paused',
    job_ended: 'operational',
    fatal: 'error',
    emergency_stop: 'error',
    link_lost: 'disconnected',
    firmware_reset: 'handshake',
    disconnect: 'disconnected',
    failed: 'error',
  },
  paused: {
    resumed: 'printing',
    job_ended: 'operational',
    fatal: 'error',
    emergency_stop: 'error',
    link_lost: 'disconnected',
    firmware_reset: 'handshake',
    disconnect: 'disconnected',
    failed: 'error',
  },
  error: { connect: 'connecting', disconnect: 'disconnected', link_lost: 'disconnected', job_ended: 'error', fatal: 'error', emergency_stop: 'error' },
}

/** The next state, or null when `event` is not allowed in `state`. */
export function nextState(state: PrinterState, event: LinkEvent): PrinterState | null {
  return TABLE[state][event] ?? null
}

/** States in which the port is open and the firmware answers. */
export function isLinkUp(state: PrinterState): boolean {
  return state === 'operational' || state === 'printing' || state === 'paused'
}
