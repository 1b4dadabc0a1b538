// Measures event-loop lag by how late a repeating timer fires, including a tick that is overdue right now.
import type { Clock, TimerHandle } from '../core/clock.js'

export interface EventLoopMonitor {
  start(): void
  stop(): void
  /**
   * The worst of: the lateness of the last sample, and how overdue the next sample is now. The
   * second part matters when a timer that runs right after a long block asks first.
   */
  lagMs(): number
}

export interface EventLoopMonitorOptions {
  clock: Clock
  /** How often to sample; 250 ms by default. */
  sampleIntervalMs?: number
}

export function createEventLoopMonitor({ clock, sampleIntervalMs = 250 }: EventLoopMonitorOptions): EventLoopMonitor {
  let timer: TimerHandle | undefined
  let dueAt = 0
  let lastLag = 0
  let running = false

  const schedule = () => {
    dueAt = clock.now() + sampleIntervalMs
    timer = clock.setTimeout(sample, sampleIntervalMs)
  }
  const sample = () => {
    lastLag = Math.max(0, clock.now() - dueAt)
    if (running) schedule()
  }

  return {
    start() {
      if (running) return
      running = true
      lastLag = 0
      schedule()
    },
    stop() {
      running = false
      clock.clearTimeout(timer)
      timer = undefined
    },
    lagMs() {
      if (!running) return 0
      return Math.max(lastLag, clock.now() - dueAt)
    },
  }
}
