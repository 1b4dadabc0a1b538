// Scenario: finding the baud rate from the profile's list when the configured one gets no sensible answer.

import { afterEach, describe, expect, it } from 'vitest'
import { createEngineOnSim, type EngineOnSim } from './engine-on-sim.js'

let engine: EngineOnSim | null = null
afterEach(async () => {
  await engine?.close()
  engine = null
})

describe('connecting', () => {
  it('tries the profile baud rates after the default one fails (autoBaud)', async () => {
    engine = createEngineOnSim('baud=250000&latencyMs=1', { defaultBaud: 115200, autoBaud: true, baudProbeMs: 1200 })
    await engine.printer.connect()
    expect(engine.printer.status()).toMatchObject({ state: 'operational', link: { baud: 250000 } })
  }, 15_000)
})
