// Scenario: windowed flow on a firmware whose resend counter also counts refused lines (OctoPrint's virtual printer,
// sim lineReader=virtual), with line errors injected: without the resync lines are skipped, with it none are.
import { describe, expect, it } from 'vitest'
import { createSenderOnSim, curvedWall } from './sender-on-sim.js'

/** The octoprint-virtual profile (windowed by default, resync on); `resync: false` overrides it to show the hazard. */
async function windowedRun(resync?: false) {
  const run = createSenderOnSim(
    { baud: 250000, latencyMs: 3, lineReader: 'virtual', corrupt: 0.0004, corruptPayload: true, seed: 12, transcript: true },
    // The window stays open through resends (the profile's default drops to one line in flight for a minute after one).
    { profile: 'octoprint-virtual', sender: { fallbackOn: 'anomaly', fallbackMs: 0, ...(resync === false ? { resyncBeforeReplay: false } : {}) } },
  )
  expect(run.flowMode).toBe('buffered')
  const commands = curvedWall(3_000)
  await run.stream(commands, 3_600_000)
  const ran = run.sim.transcript.filter((e) => !e.command.startsWith('M110')).map((e) => e.command)
  return { run, commands, ran, stats: run.sim.stats() }
}

describe("windowed flow on the virtual printer's resend counter", () => {
  it('without the line-number resync, lines the printer never ran are skipped (or the job fails)', async () => {
    const { run, commands, ran, stats } = await windowedRun(false)
    const skipped = commands.filter((c, i) => i < commands.indexOf(ran.at(-1) as string) && !ran.includes(c))
    console.info(
      `virtual counter, no resync: line errors ${stats.lineErrors}, ran ${ran.length} of ${commands.length}, skipped ${skipped.length}, failures ${run.failures.join('; ')}`,
    )
    expect(skipped.length).toBeGreaterThan(0)
    expect(ran.length).toBeLessThan(commands.length)
  }, 120_000)

  it('with it, every file line runs once and in order and the job ends with every line confirmed', async () => {
    const { run, commands, ran, stats } = await windowedRun()
    const sender = run.sender.stats
    console.info(
      `virtual counter, resync: line errors ${stats.lineErrors}, resyncs ${sender.resyncs}, follow-ons ${sender.followOnsIgnored}, ran ${ran.length} of ${commands.length}`,
    )
    expect(run.failures).toEqual([])
    expect(stats.lineErrors).toBeGreaterThan(40)
    expect(sender.resyncs).toBeGreaterThan(0)
    expect(ran).toEqual(commands)
    expect(run.confirmed).toEqual(commands.map((_, i) => i + 1))
  }, 120_000)
})
