// One camera: a single upstream connection opened on demand, the latest frame in memory, reconnects with backoff.
import type { Clock, TimerHandle } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { FrameSource } from './source.js'

export interface Frame {
  seq: number
  /** Clock time the frame arrived. */
  at: number
  jpeg: Buffer
}

export type RelayState = 'idle' | 'connecting' | 'live' | 'backoff'

export interface RelayOptions {
  /** Demand gone this long closes the upstream. */
  lingerMs: number
  /** No frame for this long on an open connection counts as a dead upstream. */
  stallMs?: number
  backoffMs?: { first: number; max: number }
}

export interface RelayStats {
  state: RelayState
  /** Upstream connections opened since start. */
  connectionsOpened: number
  openConnections: number
  frames: number
  demand: number
  lastError: string | null
}

export interface CameraRelay {
  state(): RelayState
  latest(): Frame | null
  /** Keeps the upstream open until the returned release is called. */
  hold(): () => void
  /** The first frame newer than `afterSeq`; rejects with CAMERA_UNAVAILABLE after `timeoutMs`, or when `signal` aborts. */
  nextFrame(afterSeq: number, timeoutMs: number, signal?: AbortSignal): Promise<Frame>
  /** The latest frame if younger than `maxAgeMs`, else the next one (opening the upstream if need be). */
  freshFrame(maxAgeMs: number, timeoutMs: number): Promise<Frame>
  onFrame(listener: (frame: Frame) => void): () => void
  stats(): RelayStats
  close(): void
}

interface Waiter {
  afterSeq: number
  resolve(frame: Frame): void
  reject(error: Error): void
  timer?: TimerHandle
}

export function createCameraRelay(deps: {
  source: FrameSource
  clock: Clock
  options: RelayOptions
  onStateChange?: (state: RelayState, reason: string | null) => void
}): CameraRelay {
  const { source, clock, options } = deps
  const stallMs = options.stallMs ?? 10_000
  const backoff = options.backoffMs ?? { first: 250, max: 10_000 }
  let state: RelayState = 'idle'
  let connection: { close(): void } | null = null
  let latest: Frame | null = null
  let seq = 0
  let demand = 0
  let delay = backoff.first
  let retryTimer: TimerHandle | undefined
  let lingerTimer: TimerHandle | undefined
  let stallTimer: TimerHandle | undefined
  let connectionsOpened = 0
  let lastError: string | null = null
  let closed = false
  const waiters = new Set<Waiter>()
  const listeners = new Set<(frame: Frame) => void>()

  const setState = (next: RelayState, reason: string | null = null) => {
    if (next === state) return
    state = next
    deps.onStateChange?.(next, reason)
  }

  const armStallTimer = () => {
    clock.clearTimeout(stallTimer)
    stallTimer = clock.setTimeout(() => dropConnection(`no picture for ${stallMs} ms`), stallMs)
  }

  function connect() {
    clock.clearTimeout(retryTimer)
    if (closed || demand === 0) return setState('idle')
    setState('connecting')
    connectionsOpened++
    connection = source.open({
      frame(jpeg) {
        latest = { seq: ++seq, at: clock.now(), jpeg }
        delay = backoff.first
        setState('live')
        armStallTimer()
        for (const waiter of [...waiters]) {
          if (latest.seq <= waiter.afterSeq) continue
          waiters.delete(waiter)
          clock.clearTimeout(waiter.timer)
          waiter.resolve(latest)
        }
        for (const listener of listeners) listener(latest)
      },
      end: (reason) => dropConnection(reason),
    })
    armStallTimer()
  }

  function dropConnection(reason: string) {
    connection?.close()
    connection = null
    clock.clearTimeout(stallTimer)
    lastError = reason
    if (closed || demand === 0) return setState('idle', reason)
    setState('backoff', reason)
    retryTimer = clock.setTimeout(connect, delay)
    delay = Math.min(delay * 2, backoff.max)
  }

  function stopUpstream() {
    clock.clearTimeout(retryTimer)
    clock.clearTimeout(stallTimer)
    connection?.close()
    connection = null
    delay = backoff.first
    setState('idle')
  }

  const hold = () => {
    demand++
    clock.clearTimeout(lingerTimer)
    if (state === 'idle' && !closed) connect()
    let released = false
    return () => {
      if (released) return
      released = true
      if (--demand > 0) return
      clock.clearTimeout(lingerTimer)
      lingerTimer = clock.setTimeout(() => demand === 0 && stopUpstream(), options.lingerMs)
    }
  }

  return {
    state: () => state,
    latest: () => latest,
    hold,
    freshFrame(maxAgeMs, timeoutMs) {
      if (latest && state === 'live' && clock.now() - latest.at <= maxAgeMs) return Promise.resolve(latest)
      return this.nextFrame(latest?.seq ?? 0, timeoutMs)
    },
    nextFrame(afterSeq, timeoutMs, signal) {
      if (latest && latest.seq > afterSeq) return Promise.resolve(latest)
      const release = hold()
      return new Promise<Frame>((resolve, reject) => {
        const onAbort = () => {
          waiters.delete(waiter)
          clock.clearTimeout(waiter.timer)
          reject(new Error('aborted'))
        }
        const settle = () => signal?.removeEventListener('abort', onAbort)
        const waiter: Waiter = { afterSeq, resolve: (frame) => (settle(), resolve(frame)), reject: (error) => (settle(), reject(error)) }
        if (Number.isFinite(timeoutMs)) {
          waiter.timer = clock.setTimeout(() => {
            waiters.delete(waiter)
            waiter.reject(
              new GatewayError('CAMERA_UNAVAILABLE', `The camera sent no picture within ${timeoutMs} ms`, {
                detail: { upstream: source.description, lastError },
              }),
            )
          }, timeoutMs)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        waiters.add(waiter)
      }).finally(release)
    },
    onFrame(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stats: () => ({ state, connectionsOpened, openConnections: connection ? 1 : 0, frames: seq, demand, lastError }),
    close() {
      closed = true
      clock.clearTimeout(lingerTimer)
      stopUpstream()
      for (const waiter of waiters) waiter.reject(new GatewayError('SHUTTING_DOWN'))
      waiters.clear()
    },
  }
}
