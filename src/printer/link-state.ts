// The link's one state holder: applies state.ts's transitions, keeps the reason, announces every change.
import { GatewayError } from '../core/errors.js'
import { isLinkUp, nextState, type LinkEvent } from './state.js'
import type { PrinterState } from './types.js'

export interface LinkState {
  readonly current: PrinterState
  /** Why the link is in error or disconnected (null otherwise). */
  readonly reason: string | null
  /** Applies `event`; an event the current state does not allow is ignored. */
  apply(event: LinkEvent, why?: string | null): void
  /** The port is open and the firmware answers. */
  isUp(): boolean
  /** The error for a request that needs the link up: EMERGENCY_STOPPED after an emergency stop, else PRINTER_NOT_CONNECTED. */
  downError(): GatewayError
}

export interface LinkStateDeps {
  onChange(change: { prev: PrinterState; next: PrinterState; reason: string | null }): void
  onIgnored?(state: PrinterState, event: LinkEvent): void
}

export function createLinkState(deps: LinkStateDeps): LinkState {
  let state: PrinterState = 'disconnected'
  let reason: string | null = null
  return {
    get current() {
      return state
    },
    get reason() {
      return reason
    },
    apply(event, why = null) {
      const next = nextState(state, event)
      if (next === null) return deps.onIgnored?.(state, event)
      const prev = state
      reason = next === 'error' || next === 'disconnected' ? why : null
      if (next === prev) return
      state = next
      deps.onChange({ prev, next, reason: why })
    },
    isUp: () => isLinkUp(state),
    downError: () =>
      new GatewayError(state === 'error' && reason?.startsWith('Emergency') ? 'EMERGENCY_STOPPED' : 'PRINTER_NOT_CONNECTED', reason ?? undefined),
  }
}
