// With `okAfterResend: detect`: waits for the ok a firmware may print after `Resend:`, and gives up when another
// reply or the wait's end shows it will not come.
import type { Clock, TimerHandle } from '../core/clock.js'
import type { Reply } from '../protocol/reply.js'

export interface ResendOkWait {
  start(): void
  /** Every reply goes through here first; `onMissing` runs when it shows the ok will not come. */
  reply(kind: Reply['kind']): void
  cancel(): void
}

export function createResendOkWait(clock: Clock, waitMs: number, onMissing: () => void): ResendOkWait {
  let waiting = false
  let timer: TimerHandle | undefined
  const stop = (): void => {
    waiting = false
    clock.clearTimeout(timer)
  }
  const giveUp = (): void => {
    if (!waiting) return
    stop()
    onMissing()
  }
  return {
    start() {
      waiting = true
      clock.clearTimeout(timer)
      timer = clock.setTimeout(giveUp, waitMs)
    },
    reply(kind) {
      if (!waiting) return
      if (kind === 'ok') stop()
      else if (kind !== 'resend') giveUp()
    },
    cancel: stop,
  }
}
