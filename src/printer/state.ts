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

/** Exits shared by every state in which the firmware answers: errors, a lost link, a reset, a disconnect. */
const LINK_UP_EXITS: Partial<Record<LinkEvent, PrinterState>> = {
  fatal: 'error',
  emergency_stop: 'error',
  link_lost: 'disconnected',
  firmware_reset: 'handshake',
  disconnect: 'disconnected',
  failed: 'error',
}

const TABLE: Record<PrinterState, Partial<Record<LinkEvent, PrinterState>>> = {
  disconnected: { connect: 'connecting', disconnect: 'disconnected' },
  connecting: { opened: 'handshake', failed: 'disconnected', link_lost: 'disconnected', disconnect: 'disconnected' },
  handshake: { ...LINK_UP_EXITS, handshake_done: 'operational' },
  operational: { ...LINK_UP_EXITS, print_started: 'printing' },
  printing: { ...LINK_UP_EXITS, paused: 'paused', job_ended: 'operational' },
  paused: { ...LINK_UP_EXITS, resumed: 'printing', job_ended: 'operational' },
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
