// The composed appliance: READY/STATUS/WATCHDOG on a fake clock, watchdog stops on a stalled print, health checks, pid file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import { silentLogger } from '../core/logger.js'
import type { PrinterEvents, PrinterService, PrinterState } from '../printer/types.js'
import { createAppliance } from './appliance.js'

const dataDir = mkdtempSync(join(tmpdir(), 'pg-app-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
const flush = () => new Promise((r) => setImmediate(r))

function setup(env: Record<string, string> = { NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '2000000' }) {
  const clock = createFakeClock()
  const events = createEmitter<PrinterEvents>()
  let state: PrinterState = 'operational'
  const printer = { events, status: () => ({ state }) as ReturnType<PrinterService['status']> }
  const sent: string[] = []
  const files: Record<string, string> = { '/fx/temp': '78000', '/fx/throttled': '10000' }
  const appliance = createAppliance({
    printer,
    clock,
    logger: silentLogger,
    dataDir,
    isInUse: () => false,
    notifyTransport: { send: async (m) => void sent.push(m), close() {} },
    options: {
      env,
      linkStallMs: 5000,
      housekeeping: false,
      probes: {
        thermalPath: '/fx/temp',
        throttledSysfsPath: '/fx/throttled',
        readFile: async (p) => files[p] ?? Promise.reject(new Error('ENOENT')),
        vcgencmd: async () => {
          throw new Error('none')
        },
        statfs: async () => ({ bavail: 500, blocks: 1000, bsize: 1024 * 1024 }),
      },
    },
  })
  const setState = (next: PrinterState) => {
    const prev = state
    state = next
    events.emit('printer:state_changed', { prev, next, reason: null })
  }
  return { clock, events, appliance, sent, setState }
}

async function advance(clock: ReturnType<typeof createFakeClock>, ms: number) {
  for (let t = 0; t < ms; t += 100) {
    clock.advance(100)
    await flush()
  }
}

describe('createAppliance', () => {
  it('says READY, feeds the watchdog, reports printer state, and stops feeding on a stalled print', async () => {
    const { clock, appliance, sent, setState, events } = setup()
    appliance.ready()
    await expect.poll(() => sent[0]).toBe('READY=1')
    expect(readFileSync(join(dataDir, 'printgate.pid'), 'utf8').trim()).toBe(String(process.pid))
    await advance(clock, 3000)
    expect(sent.filter((m) => m === 'WATCHDOG=1')).toHaveLength(3)
    setState('printing')
    await flush()
    expect(sent).toContain('STATUS=printer printing')
    events.emit('printer:console', { direction: 'received', line: 'ok', at: 0 })
    await advance(clock, 4000)
    const fedWhilePrinting = sent.filter((m) => m === 'WATCHDOG=1').length
    expect(fedWhilePrinting).toBe(7)
    await advance(clock, 5000) // nothing received for > 5 s while printing
    expect(sent.filter((m) => m === 'WATCHDOG=1').length).toBeLessThanOrEqual(fedWhilePrinting + 1)
    const stalledCount = sent.filter((m) => m === 'WATCHDOG=1').length
    await advance(clock, 3000)
    expect(sent.filter((m) => m === 'WATCHDOG=1').length).toBe(stalledCount)
    events.emit('printer:console', { direction: 'received', line: 'ok', at: 0 })
    await advance(clock, 2000)
    expect(sent.filter((m) => m === 'WATCHDOG=1').length).toBe(stalledCount + 2)
    appliance.stopping()
    await appliance.stop()
    await flush()
    expect(sent.at(-1)).toBe('STOPPING=1')
    expect(existsSync(join(dataDir, 'printgate.pid'))).toBe(false)
  })

  it('adds soc, power, disk and watchdog checks to /health', async () => {
    const { appliance } = setup()
    const checks = await appliance.extraHealthChecks()
    expect(checks.soc).toMatchObject({ status: 'degraded', temperature_c: 78 })
    expect(checks.power).toMatchObject({
      status: 'healthy',
      under_voltage_now: false,
      under_voltage_since_boot: true,
      notes: ['under-voltage occurred since boot'],
    })
    expect(checks.disk).toMatchObject({ status: 'degraded', free_bytes: 500 * 1024 * 1024, used_percent: 50 })
    expect(checks.watchdog).toMatchObject({ status: 'healthy', interval_ms: 1000 })
    await appliance.stop()
  })

  it('reports the watchdog healthy while it is fed and unhealthy once the last feed is older than two intervals', async () => {
    const { clock, appliance, setState, events } = setup()
    appliance.ready()
    await advance(clock, 2500)
    const fed = (await appliance.extraHealthChecks()).watchdog!
    expect(fed).toMatchObject({ status: 'healthy', interval_ms: 1000 })
    expect(fed.last_fed_ms_ago).toBeLessThanOrEqual(1000)
    setState('printing')
    events.emit('printer:console', { direction: 'received', line: 'ok', at: 0 })
    await advance(clock, 9000) // the print stalls: feeding stops after 5 s of silence
    const starving = (await appliance.extraHealthChecks()).watchdog!
    expect(starving.status).toBe('unhealthy')
    expect(starving.last_fed_ms_ago).toBeGreaterThan(2000)
    expect(starving.reasons).toEqual([expect.stringMatching(/^not fed for \d+ ms \(interval 1000 ms\)$/)])
    await appliance.stop()
  })

  it('has no watchdog check when systemd asked for none', async () => {
    const { appliance } = setup({})
    expect(await appliance.extraHealthChecks()).not.toHaveProperty('watchdog')
    await appliance.stop()
  })
})
