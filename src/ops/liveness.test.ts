// Tests of the event-loop monitor and the composable liveness predicates, on a fake clock.
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import type { PrinterEvents, PrinterState } from '../printer/types.js'
import { createEventLoopMonitor } from './event-loop-monitor.js'
import { allOf, createPrinterLinkCheck, eventLoopResponsive } from './liveness.js'

/** A clock whose time can jump without running timers (a blocked loop), and whose due timers run on `runDue`. */
function manualClock() {
  let now = 0
  let next = 1
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number) {
      const id = next++
      timers.set(id, { at: now + ms, fn })
      return { id }
    },
    clearTimeout(h: { id: number } | undefined) {
      if (h) timers.delete(h.id)
    },
    jump(ms: number) {
      now += ms
    },
    runDue() {
      for (const [id, t] of [...timers])
        if (t.at <= now) {
          timers.delete(id)
          t.fn()
        }
    },
    /** An unblocked loop: timers run on time. */
    advance(ms: number) {
      for (let i = 0; i < ms; i++) {
        now += 1
        this.runDue()
      }
    },
  }
}

describe('createEventLoopMonitor', () => {
  it('reports the lateness of the sampling timer and an overdue sample', () => {
    const clock = manualClock()
    const monitor = createEventLoopMonitor({ clock, sampleIntervalMs: 100 })
    monitor.start()
    clock.advance(1000)
    expect(monitor.lagMs()).toBe(0)
    // the loop is stuck for 700 ms: before the monitor's own timer runs, it is already overdue
    // (the sample due at 1100 is 600 ms late at 1700)
    clock.jump(700)
    expect(monitor.lagMs()).toBe(600)
    clock.runDue() // the late timer finally runs and records its lateness
    expect(monitor.lagMs()).toBe(600)
    clock.advance(100) // the next on-time sample clears it
    expect(monitor.lagMs()).toBe(0)
    monitor.stop()
    expect(monitor.lagMs()).toBe(0)
  })
})

describe('liveness predicates', () => {
  it('allOf is true only when every check is, and false when one throws', async () => {
    expect(
      await allOf(
        () => true,
        async () => true,
      )(),
    ).toBe(true)
    expect(
      await allOf(
        () => true,
        () => false,
      )(),
    ).toBe(false)
    expect(
      await allOf(() => {
        throw new Error('x')
      })(),
    ).toBe(false)
  })

  it('eventLoopResponsive compares lag with the threshold', () => {
    let lag = 10
    const check = eventLoopResponsive({ start() {}, stop() {}, lagMs: () => lag }, 50)
    expect(check()).toBe(true)
    lag = 50
    expect(check()).toBe(false)
  })

  it('the printer link is unhealthy only when a print gets no reply for stallMs', () => {
    const clock = createFakeClock()
    const events = createEmitter<PrinterEvents>()
    let state: PrinterState = 'operational'
    const printer = { events, status: () => ({ state }) as ReturnType<import('../printer/types.js').PrinterService['status']> }
    const check = createPrinterLinkCheck({ printer, clock, stallMs: 1000 })
    clock.advance(5000)
    expect(check()).toBe(true) // idle: silence is fine
    state = 'printing'
    events.emit('printer:state_changed', { prev: 'operational', next: 'printing', reason: null })
    clock.advance(900)
    expect(check()).toBe(true)
    events.emit('printer:console', { direction: 'sent', line: 'G1 X1', at: 0 })
    clock.advance(200)
    expect(check()).toBe(false) // only sent, nothing received for 1100 ms
    events.emit('printer:console', { direction: 'received', line: 'ok', at: 0 })
    expect(check()).toBe(true)
    check.dispose()
  })
})
