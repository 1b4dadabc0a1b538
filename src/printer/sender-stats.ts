// Counters the sender keeps for status().link and the benchmark.

export function createSenderStats() {
  return {
    linesSent: 0,
    bytesSent: 0,
    confirmed: 0,
    resends: 0,
    followOnsIgnored: 0,
    /** Line-number resyncs (M110) acknowledged before a replay that dropped later lines. */
    resyncs: 0,
    timeouts: 0,
    checksumErrors: 0,
    synthesisedOks: 0,
    waitsAsOk: 0,
    strayOks: 0,
    anomalies: 0,
    /** Unknown-command replies for text we never sent (fragments of cut lines). */
    fragmentsRun: 0,
    /** The current (or last) print's longest wait between two ordinary job lines going on the wire, in ms. */
    longestSendGapMs: 0,
    /** A print starts: its figures begin afresh. */
    newJob() {
      this.longestSendGapMs = 0
    },
    lineSent(bytes: number) {
      this.linesSent++
      this.bytesSent += bytes
    },
  }
}

export type SenderStats = ReturnType<typeof createSenderStats>
