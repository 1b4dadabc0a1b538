// Which lines in flight an `ok` acknowledges, or why it belongs to none of them (a stray ok is an anomaly).
import type { SendEntry } from './send-entry.js'

export type OkCredit = { credit: number } | { stray: string }

/**
 * `inFlight` oldest first. With ADVANCED_OK an `ok N…` acknowledges every line up to N (a lost ok is recovered);
 * otherwise an ok acknowledges the oldest line.
 */
export function creditOk(
  inFlight: readonly SendEntry[],
  ok: { lineNumber: number | null; bufferFree: number | null },
  line: string,
  numbered: boolean,
): OkCredit {
  const head = inFlight[0]
  if (!head) return { stray: `"${line}" with no line in flight` }
  const n = ok.lineNumber
  if (n !== null && numbered) {
    const index = inFlight.findIndex((e) => e.n === n)
    if (index >= 0) return { credit: index + 1 }
    if (head.kind === 'phantom') return { credit: 1 }
    return { stray: `"${line}" does not advance (in flight: ${inFlight.map((e) => e.n ?? e.kind).join(',')})` }
  }
  // ADVANCED_OK names the line it answers whenever that line carried a number: this one answers an unnumbered line.
  if (n === null && ok.bufferFree !== null && numbered && head.n !== null && head.kind !== 'phantom')
    return { stray: `"${line}" answers an unnumbered line while line ${head.n} is in flight` }
  return { credit: 1 }
}
