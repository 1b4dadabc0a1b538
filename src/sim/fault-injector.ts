// Fault injection on the wire, both ways: corrupted, dropped and merged bytes in, garbled and merged replies out.
/*
 * Inbound, at most one fault per line. Corruption replaces a byte with another printable byte, never a line
 * end, never the first byte of a line and never into `*`, `;`, `N` or a line end, so every corruption is one
 * Marlin's checks detect (real noise can also defeat the XOR checksum; no host can guard against that). A
 * dropped byte may be any byte but a line's first: a lost line end merges two lines into one (Marlin then
 * checks the merged text: its line number is right, its checksum is not, or the command ends at the first
 * `*`), a lost `*` or digit fails the checks. Outbound, a garbled reply has one byte replaced by a printable
 * byte and a merged reply loses its line end, so it runs into the next reply.
 */
import type { Random } from '../core/random.js'

export interface AtLineFaults {
  resetAtLine?: number | undefined
  disconnectAtLine?: number | undefined
  thermalRunawayAtLine?: number | undefined
  busyStorm?: number | undefined
}

export type LineFault = 'reset' | 'disconnect' | 'thermalRunaway'

export interface NoiseRates {
  corrupt: number
  /** Corruption only before a line's `*`. */
  corruptPayload?: boolean
  dropOk: number
  dropByte: number
  replyGarble: number
  replyMerge: number
}

export interface FaultInjector {
  corruptRate: number
  dropOkRate: number
  dropByteRate: number
  corruptedBytes: number
  droppedBytes: number
  garbledReplies: number
  mergedReplies: number
  /** Returns the byte as received (maybe corrupted), or null when the wire lost it. */
  receiveByte(byte: number): number | null
  dropOk(): boolean
  /** A reply line as it leaves the firmware, with its line end (maybe garbled, maybe without the line end). */
  replyBytes(line: string): Buffer
  /** The fault due when this line number is received (each fires once). */
  onLineReceived(lineNumber: number): LineFault | null
  /** True when this line's execution starts a busy storm (fires once). */
  stormAt(lineNumber: number): boolean
}

const FORBIDDEN = new Set([0x0a, 0x0d, 0x2a, 0x3b, 0x4e])
const isLineEnd = (byte: number): boolean => byte === 0x0a || byte === 0x0d

function printableOtherThan(random: Random, byte: number): number {
  let replacement = byte
  while (replacement === byte || FORBIDDEN.has(replacement)) replacement = 0x20 + Math.floor(random() * 95)
  return replacement
}

export function createFaultInjector(random: Random, rates: NoiseRates, atLine: AtLineFaults): FaultInjector {
  const pending = { ...atLine }
  let atLineStart = true
  let faultThisLine = false
  let pastStar = false
  const hit = (rate: number): boolean => rate > 0 && random() < rate
  const injector: FaultInjector = {
    corruptRate: rates.corrupt,
    dropOkRate: rates.dropOk,
    dropByteRate: rates.dropByte,
    corruptedBytes: 0,
    droppedBytes: 0,
    garbledReplies: 0,
    mergedReplies: 0,
    receiveByte(byte) {
      const first = atLineStart
      const end = isLineEnd(byte)
      atLineStart = end
      const wasFaulted = faultThisLine
      if (end) faultThisLine = pastStar = false
      if (byte === 0x2a && rates.corruptPayload) pastStar = true
      if (first || wasFaulted || pastStar) return byte
      if (hit(injector.dropByteRate)) {
        injector.droppedBytes++
        atLineStart = false
        faultThisLine = true
        return null
      }
      if (end || !hit(injector.corruptRate)) return byte
      faultThisLine = true
      injector.corruptedBytes++
      return printableOtherThan(random, byte)
    },
    dropOk: () => hit(injector.dropOkRate),
    replyBytes(line) {
      const bytes = Buffer.from(`${line}\n`, 'latin1')
      if (bytes.length > 1 && hit(rates.replyGarble)) {
        const at = Math.floor(random() * (bytes.length - 1))
        bytes[at] = printableOtherThan(random, bytes[at] ?? 0)
        injector.garbledReplies++
      }
      if (hit(rates.replyMerge)) {
        injector.mergedReplies++
        return bytes.subarray(0, bytes.length - 1)
      }
      return bytes
    },
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
