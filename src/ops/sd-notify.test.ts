// Unit tests of the notifier's protocol and watchdog gating, with a fake clock and a recording transport.
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createSystemdNotifier, watchdogIntervalFromUsec } from './sd-notify.js'
import type { NotifyTransport } from './notify-transport.js'

function recorder(): NotifyTransport & { sent: string[]; closed: number } {
  const sent: string[] = []
  const t = { sent, closed: 0, send: async (m: string) => void sent.push(m), close: () => void t.closed++ }
  return t
}
const flush = () => new Promise((resolve) => setImmediate(resolve))
async function advance(clock: ReturnType<typeof createFakeClock>, ms: number, step = 10) {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step)
    await flush()
  }
}

describe('watchdogIntervalFromUsec', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['abc', null],
    ['0', null],
    ['-5', null],
    ['30000000', 15_000],
    [200_000, 100],
    ['1000', 1],
  ])('%s → %s', (input, expected) => {
    expect(watchdogIntervalFromUsec(input)).toBe(expected)
  })
})

describe('createSystemdNotifier', () => {
  it('is a no-op without NOTIFY_SOCKET', async () => {
    const transport = recorder()
    const n = createSystemdNotifier({ socketPath: undefined, watchdogUsec: '1000000', transport, clock: createFakeClock() })
    expect(n.enabled).toBe(false)
    expect(n.watchdogIntervalMs).toBeNull()
    n.start()
    await n.ready()
    await n.status('hello')
    expect(transport.sent).toEqual([])
  })

  it('sends READY, STATUS and STOPPING', async () => {
    const transport = recorder()
    const n = createSystemdNotifier({ socketPath: '/x', watchdogUsec: undefined, transport, clock: createFakeClock() })
    await n.ready()
    await n.status('printing\nbenchy')
    await n.stopping()
    expect(transport.sent).toEqual(['READY=1', 'STATUS=printing benchy', 'STOPPING=1'])
  })

  it('feeds the watchdog every WATCHDOG_USEC/2 only while healthy', async () => {
    const clock = createFakeClock()
    const transport = recorder()
    let healthy = true
    const changes: boolean[] = []
    const n = createSystemdNotifier({
      socketPath: '/x',
      watchdogUsec: '2000000',
      watchdogPid: undefined,
      transport,
      clock,
      isHealthy: () => healthy,
      onHealthChange: (h) => changes.push(h),
    })
    expect(n.watchdogIntervalMs).toBe(1000)
    n.start()
    await advance(clock, 3000)
    expect(transport.sent).toEqual(['WATCHDOG=1', 'WATCHDOG=1', 'WATCHDOG=1'])
    healthy = false
    await advance(clock, 3000)
    expect(transport.sent).toHaveLength(3)
    healthy = true
    await advance(clock, 2000)
    expect(transport.sent).toHaveLength(5)
    expect(changes).toEqual([false, true])
    n.stop()
    await advance(clock, 3000)
    expect(transport.sent).toHaveLength(5)
    expect(transport.closed).toBe(1)
  })

  it('treats a throwing or rejecting health check as unhealthy', async () => {
    const clock = createFakeClock()
    const transport = recorder()
    const n = createSystemdNotifier({
      socketPath: '/x',
      watchdogUsec: 1_000_000,
      transport,
      clock,
      isHealthy: async () => {
        throw new Error('probe broke')
      },
    })
    n.start()
    await advance(clock, 2000)
    expect(transport.sent).toEqual([])
  })

  it('ignores a watchdog meant for another PID', () => {
    const n = createSystemdNotifier({
      socketPath: '/x',
      watchdogUsec: '2000000',
      watchdogPid: String(process.pid + 1),
      transport: recorder(),
      clock: createFakeClock(),
    })
    expect(n.watchdogIntervalMs).toBeNull()
    const mine = createSystemdNotifier({
      socketPath: '/x',
      watchdogUsec: '2000000',
      watchdogPid: String(process.pid),
      transport: recorder(),
      clock: createFakeClock(),
    })
    expect(mine.watchdogIntervalMs).toBe(1000)
  })

  it('reports send errors without throwing', async () => {
    const errors: unknown[] = []
    const n = createSystemdNotifier({
      socketPath: '/x',
      transport: {
        send: async () => {
          throw new Error('ECONNREFUSED')
        },
        close() {},
      },
      onSendError: (e) => errors.push(e),
      clock: createFakeClock(),
    })
    await expect(n.ready()).resolves.toBeUndefined()
    expect(errors).toHaveLength(1)
  })
})
