// Polls until a device path exists again (after a USB reset) so the link can reconnect; never resumes motion.

import { access } from 'node:fs/promises'
import type { Clock, TimerHandle } from '../core/clock.js'

export interface DeviceWatch {
  /** Stops polling; the promise never resolves afterwards. */
  cancel(): void
  readonly appeared: Promise<void>
}

export function waitForDevice(path: string, deps: { clock: Clock; intervalMs?: number; exists?: (path: string) => Promise<boolean> }): DeviceWatch {
  const exists =
    deps.exists ??
    ((p: string) =>
      access(p).then(
        () => true,
        () => false,
      ))
  const interval = deps.intervalMs ?? 1000
  let timer: TimerHandle | undefined
  let cancelled = false
  const appeared = new Promise<void>((resolve) => {
    const poll = async () => {
      if (cancelled) return
      if (await exists(path)) return cancelled ? undefined : resolve()
      if (!cancelled) timer = deps.clock.setTimeout(poll, interval)
    }
    void poll()
  })
  return {
    appeared,
    cancel() {
      cancelled = true
      deps.clock.clearTimeout(timer)
    },
  }
}
