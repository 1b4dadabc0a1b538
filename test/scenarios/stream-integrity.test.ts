// Scenario: a 5,000-line file over a noisy link (1 % corrupted bytes, 0.5 % lost oks) runs exactly once, in order.

import { afterEach, describe, expect, it } from 'vitest'
import { createEngineOnSim, executedJobCommands, movesFile, type EngineOnSim } from './engine-on-sim.js'

let engine: EngineOnSim | null = null
afterEach(async () => {
  await engine?.close()
  engine = null
})

describe.each(['ping-pong', 'buffered'] as const)('streaming over a noisy link in %s mode', (flowMode) => {
  it('runs every line exactly once and in order', async () => {
    engine = createEngineOnSim('baud=0&latencyMs=0&timeScale=0&corrupt=0.01&dropOk=0.005&seed=11', {
      flowMode,
      sender: { okTimeoutMs: 250 },
    })
    await engine.printer.connect()
    expect(engine.printer.status().flowMode).toBe(flowMode)
    const { text, commands } = movesFile(5000)
    const file = engine.writeFile('noisy.gcode', text)
    const { done } = await engine.printer.startPrint({ jobId: 'noisy', path: file })
    const result = await done
    expect(result.outcome).toBe('completed')
    expect(executedJobCommands(engine)).toEqual(commands)
    const stats = engine.sim().stats()
    expect(stats.resendsRequested).toBeGreaterThan(50)
    expect(stats.okDropped).toBeGreaterThan(5)
    const link = engine.printer.status().link
    expect(link.resends).toBeGreaterThan(50)
    expect(result.lastConfirmedLine).toBe(text.split('\n').length - 1)
    expect(result.layer).toBe(10)
  }, 40_000)
})
