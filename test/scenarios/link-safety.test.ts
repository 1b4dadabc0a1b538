// Scenario: thousands of line errors at real baud rates with latency, on the DEFAULT flow settings: no file line
// runs out of order or twice, and no tail of a line cut by Marlin's receive-buffer drain runs as a command.
import { describe, expect, it } from 'vitest'
import { createSenderOnSim, curvedWall } from './sender-on-sim.js'

interface RunFigures {
  baud: number
  lineErrors: number
  cutLines: number
  tailsExecuted: number
  tailsRejected: number
  lostBytes: number
}

async function noisyRun(baud: number, seed: number, lines: number, setup: Parameters<typeof createSenderOnSim>[1] = {}) {
  const run = createSenderOnSim({ baud, latencyMs: 3, corrupt: 0.006, dropByte: 0.001, seed, transcript: true }, setup)
  const commands = curvedWall(lines)
  await run.stream(commands, 3_600_000)
  const job = run.sim.transcript.filter((e) => e.lineNumber !== 0)
  const stats = run.sim.stats()
  const figures: RunFigures = {
    baud,
    lineErrors: stats.lineErrors,
    cutLines: stats.cutLines,
    tailsExecuted: stats.tailsExecuted,
    tailsRejected: stats.tailsRejected,
    lostBytes: stats.lostBytes,
  }
  return { run, commands, job, figures }
}

describe('the default flow mode on a noisy Marlin link', () => {
  it('over 10,000 line errors at 115200 and 250000 baud runs every line once, in order, and never a cut tail', async () => {
    const runs = [await noisyRun(115200, 21, 18_500), await noisyRun(250000, 22, 18_500)]
    const totals = { lineErrors: 0, cutLines: 0, tailsExecuted: 0 }
    for (const { run, commands, job, figures } of runs) {
      expect(run.failures).toEqual([])
      // Only numbered lines ran: nothing unnumbered, so no tail of any line.
      expect(job.filter((e) => e.lineNumber === null || e.fragment)).toEqual([])
      expect(job.map((e) => e.command)).toEqual(commands)
      expect(run.confirmed).toEqual(commands.map((_, i) => i + 1))
      expect(figures.tailsExecuted).toBe(0)
      totals.lineErrors += figures.lineErrors
      totals.cutLines += figures.cutLines
      totals.tailsExecuted += figures.tailsExecuted
      console.info(`default flow (${run.flowMode}) at ${figures.baud} baud: ${JSON.stringify(figures)}`)
    }
    expect(totals.lineErrors).toBeGreaterThanOrEqual(10_000)
    console.info(`default flow, both rates: ${JSON.stringify(totals)}`)
  }, 240_000)

  it('the same noise on buffered with its window kept open through resends does run cut tails: the hazard is real', async () => {
    const { figures } = await noisyRun(250000, 23, 1_500, { flowMode: 'buffered', sender: { fallbackOn: 'anomaly', fallbackMs: 0 } })
    console.info(`buffered, window kept open, at 250000 baud: ${JSON.stringify(figures)}`)
    expect(figures.cutLines).toBeGreaterThan(0)
    expect(figures.tailsExecuted).toBeGreaterThan(0)
  }, 120_000)
})
