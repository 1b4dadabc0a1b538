// The resend decision: which `Resend:` requests are follow-ons of one already answered, and when a line asked for
// over and over means the link cannot go on.

export type ResendDecision =
  /** A line that was already in flight at the first request, reported out of sequence: the replay covers it. */
  | { kind: 'follow-on' }
  /**
   * Send again from the requested line; `suspicious` once the same line was asked for several times in a row;
   * `sequenceError` when the error before the request refused a line for its number (it arrived intact).
   */
  | { kind: 'replay'; streak: number; suspicious: boolean; sequenceError: boolean }
  /** The same line requested `streak` times in a row: the link cannot go on (RESEND_LOOP). */
  | { kind: 'loop'; streak: number; suspicious: boolean; sequenceError: boolean }

/** From this many requests in a row for the same line, buffered mode drops to one line in flight. */
export const SUSPICIOUS_STREAK = 5

export interface ResendPolicy {
  /** A line error came before the request: `sequence` true when the line number was out of sequence (isSequenceError). */
  lineError(sequence: boolean): void
  request(r: number): ResendDecision
  /** A request handled elsewhere (a follow-on of a line-number resync): forgets the error line before it. */
  absorb(): void
  /** The replay from the requested line dropped `followOns` later lines: as many follow-on requests may come. */
  replaying(followOns: number): void
  /** The line numbered `n` was acknowledged: once it is the requested line or later, no follow-on is pending. */
  acknowledged(n: number | null): void
  /** The firmware's numbering starts again. */
  reset(): void
}

export function createResendPolicy(loopLimit: number): ResendPolicy {
  let line = -1
  let streak = 0
  let followOnBudget = 0
  /** Whether the error line before the request was a sequence error (true), a checksum error (false), or absent. */
  let sequenceError: boolean | null = null
  return {
    lineError(sequence) {
      sequenceError = sequence
    },
    request(r) {
      const wasSequenceError = sequenceError
      sequenceError = null
      // A checksum error on the same line is our re-sent line damaged again: not a follow-on.
      if (r === line && followOnBudget > 0 && wasSequenceError !== false) {
        followOnBudget--
        return { kind: 'follow-on' }
      }
      streak = r === line ? streak + 1 : 1
      line = r
      const suspicious = streak >= SUSPICIOUS_STREAK
      const refusedIntact = wasSequenceError === true
      return { kind: streak >= loopLimit ? 'loop' : 'replay', streak, suspicious, sequenceError: refusedIntact }
    },
    absorb() {
      sequenceError = null
    },
    replaying(followOns) {
      followOnBudget = followOns
    },
    acknowledged(n) {
      if (n !== null && n >= line) followOnBudget = 0
    },
    reset() {
      line = -1
      streak = 0
      followOnBudget = 0
    },
  }
}
