// Scenario: a 5,000-line file over a noisy link (1 % corrupted bytes, 0.5 % lost oks) runs exactly once, in order,
// in both flow modes (run side by side). Engines and simulators share a fake clock driven 1 ms per event-loop turn, so the
// ok timeouts are simulated time: a loaded machine slows a run down but cannot make an ok late.

import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock, type FakeClock } from '../../src/core/clock.js'
import type { FlowMode } from '../../src/printer/types.js'
import { createEngineOnSim, drive, executedJobCommands, movesFile, type EngineOnSim } from './engine-on-sim.js'

const engines: EngineOnSim[] = []
let clock: FakeClock = createFakeClock()
afterEach(async () => {
  await drive(clock, Promise.all(engines.splice(0).map((e) => e.close())))
})

async function streamNoisy(flowMode: FlowMode, seed: number) {
  const engine = createEngineOnSim(
    `baud=0&latencyMs=0&timeScale=0&corrupt=0.01&dropOk=0.005&seed=${seed}`,
    {
      flowMode,
      // fallbackOn 'anomaly' keeps the window open through ordinary resends so the pipelined go-back-N is exercised
      // (the in-process binding delivers whole lines, so a receive-buffer drain never cuts one here); fallbackMs 0 reopens
      // it at once after an ok timeout, so the rest of the file still runs pipelined.
      sender: { okTimeoutMs: 100, fallbackOn: 'anomaly', fallbackMs: 0 },
      watchdogMs: 20,
    },
    clock,
  )
  engines.push(engine)
  await engine.printer.connect()
  const modeAtStart = engine.printer.status().flowMode
  const { text, commands } = movesFile(5000)
  const file = engine.writeFile('noisy.gcode', text)
  const { done } = await engine.printer.startPrint({ jobId: `noisy-${flowMode}`, path: file })
  const result = await done
  return { engine, result, commands, text, modeAtStart }
}

describe('streaming over a noisy link', () => {
  it('runs every line exactly once and in order, one line in flight and buffered', async () => {
    clock = createFakeClock()
    const runs = await drive(clock, Promise.all([streamNoisy('ping-pong', 11), streamNoisy('buffered', 12)]))
    for (const [index, run] of runs.entries()) {
      const mode = index === 0 ? 'ping-pong' : 'buffered'
      expect(run.modeAtStart).toBe(mode)
      // Follow-on errors only exist with several lines in flight: proof the pipelined path ran.
      if (mode === 'buffered') expect(run.engine.printer.sender()?.stats.followOnsIgnored).toBeGreaterThan(10)
      expect(run.result.outcome).toBe('completed')
      expect(executedJobCommands(run.engine)).toEqual(run.commands)
      const sim = run.engine.sim().stats()
      expect(sim.resendsRequested).toBeGreaterThan(500)
      expect(sim.okDropped).toBeGreaterThan(5)
      expect(run.engine.printer.status().link.resends).toBe(sim.resendsRequested)
      expect(run.result.lastConfirmedLine).toBe(run.text.split('\n').length - 1)
      expect(run.result.byteOffset).toBe(Buffer.byteLength(run.text))
      expect(run.result.layer).toBe(10)
      expect(run.result.z).toBeCloseTo(2.0)
    }
  }, 50_000)

  it('uses ADVANCED_OK line numbers to recover lost oks without waiting for a timeout', async () => {
    clock = createFakeClock()
    const engine = createEngineOnSim(
      'baud=0&latencyMs=0&timeScale=0&advancedOk=1&dropOk=0.01&seed=3',
      { flowMode: 'buffered', sender: { okTimeoutMs: 5000 } },
      clock,
    )
    engines.push(engine)
    await drive(clock, engine.printer.connect())
    const { text, commands } = movesFile(1500)
    const { done } = await drive(clock, engine.printer.startPrint({ jobId: 'advanced', path: engine.writeFile('a.gcode', text) }))
    expect((await drive(clock, done)).outcome).toBe('completed')
    expect(executedJobCommands(engine)).toEqual(commands)
    expect(engine.printer.status().firmware?.advancedOk).toBe(true)
    expect(engine.sim().stats().okDropped).toBeGreaterThan(5)
    // Every lost ok was covered by a later `ok N…`, except possibly the very last one.
    expect(engine.printer.status().link.timeouts).toBeLessThanOrEqual(1)
  }, 20_000)
})
