// A repeating timer on an injected Clock (watchdog ticks, temperature polling); stop() cancels the next run.

import type { Clock, TimerHandle } from '../core/clock.js'

export interface RepeatingTimer {
  start(): void
  stop(): void
}

export function createRepeatingTimer(clock: Clock, intervalMs: number, run: () => void): RepeatingTimer {
  let handle: TimerHandle | undefined
  const tick = () => {
    run()
    handle = clock.setTimeout(tick, intervalMs)
  }
  return {
    start() {
      clock.clearTimeout(handle)
      handle = clock.setTimeout(tick, intervalMs)
    },
    stop() {
      clock.clearTimeout(handle)
      handle = undefined
    },
  }
}
