// Fault injection between the wire and the firmware: corrupted bytes, lost oks, faults at a line.
/*
 * Corruption replaces a received byte with another printable byte. So that every corruption is one
 * Marlin's checks can detect (and transcripts stay comparable), at most one byte per line is
 * corrupted, never a line end, never the first byte of a line (an `N` turned into something else
 * would make Marlin run the line unchecked) and never into `*`, `;`, `N` or a line end. Real noise
 * can also defeat the XOR checksum; no host can guard against that, so the simulator does not do it.
 */
import type { Random } from './rng.js'

export interface AtLineFaults {
  resetAtLine?: number | undefined
  disconnectAtLine?: number | undefined
  thermalRunawayAtLine?: number | undefined
  busyStorm?: number | undefined
}

export type LineFault = 'reset' | 'disconnect' | 'thermalRunaway'

export interface FaultInjector {
  corruptRate: number
  dropOkRate: number
  corruptedBytes: number
  /** Returns the byte as received (maybe corrupted). */
  receiveByte(byte: number): number
  dropOk(): boolean
  /** The fault due when this line number is received (each fires once). */
  onLineReceived(lineNumber: number): LineFault | null
  /** True when this line's execution starts a busy storm (fires once). */
  stormAt(lineNumber: number): boolean
}

const FORBIDDEN = new Set([0x0a, 0x0d, 0x2a, 0x3b, 0x4e])

export function createFaultInjector(random: Random, rates: { corrupt: number; dropOk: number }, atLine: AtLineFaults): FaultInjector {
  const pending = { ...atLine }
  let atLineStart = true
  let corruptedThisLine = false
  const injector: FaultInjector = {
    corruptRate: rates.corrupt,
    dropOkRate: rates.dropOk,
    corruptedBytes: 0,
    receiveByte(byte) {
      if (byte === 0x0a || byte === 0x0d) {
        atLineStart = true
        corruptedThisLine = false
        return byte
      }
      const first = atLineStart
      atLineStart = false
      if (first || corruptedThisLine || injector.corruptRate <= 0 || random() >= injector.corruptRate) return byte
      let replacement = byte
      while (replacement === byte || FORBIDDEN.has(replacement)) replacement = 0x20 + Math.floor(random() * 95)
      corruptedThisLine = true
      injector.corruptedBytes++
      return replacement
    },
    dropOk: () => injector.dropOkRate > 0 && random() < injector.dropOkRate,
    onLineReceived(n) {
      if (pending.disconnectAtLine === n) {
        pending.disconnectAtLine = undefined
        return 'disconnect'
      }
      if (pending.resetAtLine === n) {
        pending.resetAtLine = undefined
        return 'reset'
      }
      if (pending.thermalRunawayAtLine === n) {
        pending.thermalRunawayAtLine = undefined
        return 'thermalRunaway'
      }
      return null
    },
    stormAt(n) {
      if (pending.busyStorm !== n) return false
      pending.busyStorm = undefined
      return true
    },
  }
  return injector
}
