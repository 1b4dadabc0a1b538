// One direction of a serial link: bytes leave at baud/10 per second and arrive after a latency.
import type { Clock, TimerHandle } from '../core/clock.js'

export interface LinkOptions {
  clock: Clock
  /** 8N1 bytes per millisecond (baud / 10 / 1000); 0 = unlimited. */
  bytesPerMs: number
  latencyMs: number
  /** Bytes are handed over in pieces of this size so a receiver sees them arrive progressively. */
  chunkBytes?: number
  deliver(bytes: Buffer): void
}

export interface Link {
  send(bytes: Buffer): void
  /** Bytes sent but not yet delivered. */
  inFlight(): number
  /** Forget everything in flight (a reset or a pulled cable). */
  clear(): void
  setBytesPerMs(rate: number): void
}

export function bytesPerMsForBaud(baud: number): number {
  return baud > 0 ? baud / 10 / 1000 : 0
}

export function createLink(options: LinkOptions): Link {
  const { clock, deliver } = options
  let rate = options.bytesPerMs
  const queue: { at: number; bytes: Buffer }[] = []
  let head = 0
  let wireFreeAt = 0
  let timer: TimerHandle | undefined
  let timerAt = Infinity
  let pendingBytes = 0

  function schedule(): void {
    const next = queue[head]
    if (!next) return
    if (timer && timerAt <= next.at) return
    clock.clearTimeout(timer)
    timerAt = next.at
    timer = clock.setTimeout(flush, Math.max(0, next.at - clock.now()))
  }

  function flush(): void {
    timer = undefined
    timerAt = Infinity
    const now = clock.now()
    for (let next = queue[head]; next && next.at <= now + 1e-9; next = queue[head]) {
      head++
      pendingBytes -= next.bytes.length
      deliver(next.bytes)
    }
    // Delivered pieces are dropped soon, while they are young: kept for a thousand pieces they reach V8's old space.
    if (head > 16 && head * 2 > queue.length) {
      queue.splice(0, head)
      head = 0
    }
    schedule()
  }

  return {
    send(bytes) {
      if (bytes.length === 0) return
      const now = clock.now()
      pendingBytes += bytes.length
      if (rate <= 0) {
        queue.push({ at: now + options.latencyMs, bytes: Buffer.from(bytes) })
      } else {
        const chunk = Math.max(1, options.chunkBytes ?? Math.ceil(rate))
        // Pieces are cut from the byte stream, not from each write: while the wire stays busy, the bytes of the
        // next write join the piece still being received, as a UART delivers them to the firmware's main loop.
        let start = Math.max(now, wireFreeAt)
        let offset = 0
        const open = queue.length > head ? queue[queue.length - 1] : undefined
        if (open && start === wireFreeAt && open.bytes.length < chunk) {
          const piece = bytes.subarray(0, chunk - open.bytes.length)
          start += piece.length / rate
          open.bytes = Buffer.concat([open.bytes, piece])
          open.at = start + options.latencyMs
          offset = piece.length
        }
        for (; offset < bytes.length; offset += chunk) {
          const piece = Buffer.from(bytes.subarray(offset, offset + chunk))
          start += piece.length / rate
          queue.push({ at: start + options.latencyMs, bytes: piece })
        }
        wireFreeAt = start
      }
      schedule()
    },
    inFlight: () => pendingBytes,
    clear() {
      queue.length = 0
      head = 0
      pendingBytes = 0
      wireFreeAt = 0
      clock.clearTimeout(timer)
      timer = undefined
      timerAt = Infinity
    },
    setBytesPerMs(r) {
      rate = r
    },
  }
}
