// The sender's window accounting: the mode in force (buffered drops to one line in flight after an anomaly), the
// bytes in flight, ADVANCED_OK's command-slot cap, and whether one more line fits.
import type { Clock } from '../core/clock.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { FlowMode } from './types.js'

export interface FlowWindowDeps {
  clock: Clock
  profile(): FirmwareProfile
  flowMode(): FlowMode
  /** How long buffered mode stays at one line in flight after an anomaly. */
  fallbackMs: number
  onNotice?(message: string): void
}

export type FlowWindow = ReturnType<typeof createFlowWindow>

export function createFlowWindow(deps: FlowWindowDeps) {
  const { clock } = deps
  let bytes = 0
  let fallbackUntil = -Infinity
  let slotCap = Infinity

  const effectiveMode = (): FlowMode => (deps.flowMode() === 'buffered' && clock.now() >= fallbackUntil ? 'buffered' : 'ping-pong')

  return {
    effectiveMode,
    /** Whether a line of `lineBytes` may go now, with `lines` on the wire (`commandLines` of them real commands). */
    fits(lineBytes: number, lines: number, commandLines: number): boolean {
      if (lines === 0) return true
      if (effectiveMode() === 'ping-pong') return false
      const p = deps.profile()
      return commandLines < Math.min(p.commandSlots, slotCap) && bytes + lineBytes <= p.rxBufferBytes - p.flow.rxMargin
    },
    sent(lineBytes: number): void {
      bytes += lineBytes
    },
    left(lineBytes: number): void {
      bytes -= lineBytes
    },
    clear(): void {
      bytes = 0
    },
    /** ADVANCED_OK's `B`: the firmware has `free` command slots beside the `commandLines` still in flight. */
    slotsFree(commandLines: number, free: number): void {
      slotCap = commandLines + free + 1
    },
    /** Something did not add up: buffered mode drops to one line in flight for `fallbackMs`, and says so once. */
    anomaly(why: string): void {
      if (deps.flowMode() === 'buffered' && clock.now() >= fallbackUntil) deps.onNotice?.(`Falling back to one line in flight: ${why}`)
      fallbackUntil = clock.now() + deps.fallbackMs
    },
    get bytes() {
      return bytes
    },
  }
}
