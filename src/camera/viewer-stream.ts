// One viewer's MJPEG response body: the newest frame when the socket wants more, at most `maxFps`, never a queue.
import type { Clock } from '../core/clock.js'
import type { CameraRelay, Frame } from './relay.js'

export const BOUNDARY = 'printgate'
export const STREAM_CONTENT_TYPE = `multipart/x-mixed-replace; boundary=${BOUNDARY}`

const parts = new WeakMap<Frame, Buffer>()

/** The frame as one multipart part, built once and shared by every viewer. */
export function multipartPart(frame: Frame): Buffer {
  let part = parts.get(frame)
  if (!part) {
    const head = Buffer.from(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${frame.jpeg.length}\r\n\r\n`, 'latin1')
    part = Buffer.concat([head, frame.jpeg, Buffer.from('\r\n')])
    parts.set(frame, part)
  }
  return part
}

export interface ViewerCounter {
  opened(): void
  closed(): void
}

/**
 * A pull stream with no buffer of its own: the HTTP layer asks for the next chunk only after the
 * socket drained the last one, so a phone that stops reading holds one frame, and misses the rest.
 */
export function viewerStream(deps: { relay: CameraRelay; clock: Clock; maxFps: () => number; counter?: ViewerCounter }): ReadableStream<Uint8Array> {
  const { relay, clock, maxFps, counter } = deps
  const release = relay.hold()
  const abort = new AbortController()
  let lastSeq = 0
  let lastSentAt = -Infinity
  let finished = false
  counter?.opened()
  const finish = () => {
    if (finished) return
    finished = true
    abort.abort()
    release()
    counter?.closed()
  }
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const onAbort = () => (clock.clearTimeout(timer), resolve())
      const timer = clock.setTimeout(() => (abort.signal.removeEventListener('abort', onAbort), resolve()), ms)
      abort.signal.addEventListener('abort', onAbort, { once: true })
    })
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const wait = lastSentAt + 1000 / maxFps() - clock.now()
        if (wait > 0) await pause(wait)
        if (finished) return
        try {
          const frame = await relay.nextFrame(lastSeq, Infinity, abort.signal)
          lastSeq = frame.seq
          lastSentAt = clock.now()
          controller.enqueue(multipartPart(frame))
        } catch (error) {
          if (!finished) {
            finish()
            controller.error(error)
          }
        }
      },
      cancel: finish,
    },
    { highWaterMark: 0 },
  )
}
