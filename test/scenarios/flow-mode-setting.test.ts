// The per-printer flow-mode setting reaches each printer's engine, and a profile that forbids buffered keeps one line in flight.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { configSchema } from '../../src/config/schema.js'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import { createGateway, type Gateway } from '../../src/gateway.js'
import { createSimBinding } from '../../src/sim/sim-binding.js'
import { FAST_SIM } from '../api/harness.js'

describe('printer.flowMode', () => {
  let close = async () => {}
  afterEach(() => close())

  it('runs buffered where asked and allowed, the profile default elsewhere', async () => {
    const sim = createSimBinding({ clock: createSystemClock() })
    let seed = 0
    // A different seed per printer: each URL is its own simulated printer.
    const entry = (id: string, extra: object) => ({ id, port: `${FAST_SIM}&seed=${++seed}`, baud: 250000, engine: 'in-process', autoConnect: false, ...extra })
    const config = configSchema.parse({
      dataDir: mkdtempSync(join(tmpdir(), 'pg-flow-')),
      http: { host: '127.0.0.1', port: 0 },
      printers: [entry('asked', { flowMode: 'buffered' }), entry('default', {}), entry('mk3', { flowMode: 'buffered', firmwareProfile: 'prusa-mk3' })],
    })
    const gw: Gateway = await createGateway(config, silentLogger, { sim, version: 'test', security: null })
    close = async () => {
      await gw.close('cancel')
      sim.dispose()
    }
    await gw.start({ connect: 'wait' })
    const mode = (id: string) => gw.printers.get(id)!.printer.status()
    expect(mode('asked')).toMatchObject({ state: 'operational', flowMode: 'buffered' })
    expect(mode('default')).toMatchObject({ state: 'operational', flowMode: 'ping-pong' })
    // The Prusa MK3 profile does not allow buffered (README: flow modes): the setting cannot open the window there.
    expect(mode('mk3')).toMatchObject({ state: 'operational', flowMode: 'ping-pong' })
  })
})
