// The relay's state machine on a fake clock: one upstream for all demand, linger, backoff, stall, snapshots.
import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { isGatewayError } from '../core/errors.js'
import { createCameraRelay } from './relay.js'
import type { FrameSource, SourceHandlers } from './source.js'
import { viewerStream } from './viewer-stream.js'

function fakeSource() {
  const opened: { handlers: SourceHandlers; closed: boolean }[] = []
  const source: FrameSource = {
    description: 'fake',
    open(handlers) {
      const entry = { handlers, closed: false }
      opened.push(entry)
      return { close: () => void (entry.closed = true) }
    },
  }
  const current = () => opened.at(-1)!
  return { source, opened, current, send: (n: number) => current().handlers.frame(Buffer.from([0xff, 0xd8, n, 0xff, 0xd9])) }
}

const flush = () => new Promise((r) => setImmediate(r))

describe('createCameraRelay', () => {
  it('opens one upstream for any number of holders and closes it after the linger', () => {
    const clock = createFakeClock()
    const cam = fakeSource()
    const relay = createCameraRelay({ source: cam.source, clock, options: { lingerMs: 1000 } })
    expect(relay.state()).toBe('idle')
    const releases = [relay.hold(), relay.hold(), relay.hold()]
    expect(cam.opened).toHaveLength(1)
    cam.send(1)
    expect(relay.state()).toBe('live')
    for (const release of releases) release()
    clock.advance(999)
    expect(cam.current().closed).toBe(false)
    const again = relay.hold()
    clock.advance(5000)
    expect(cam.current().closed).toBe(false)
    again()
    clock.advance(1000)
    expect(cam.current().closed).toBe(true)
    expect(relay.state()).toBe('idle')
    expect(cam.opened).toHaveLength(1)
  })

  it('reconnects with a doubling backoff while wanted, and resets it after a frame', () => {
    const clock = createFakeClock()
    const cam = fakeSource()
    const relay = createCameraRelay({ source: cam.source, clock, options: { lingerMs: 0, backoffMs: { first: 100, max: 400 } } })
    relay.hold()
    for (const wait of [100, 200, 400, 400]) {
      cam.current().handlers.end('refused')
      expect(relay.state()).toBe('backoff')
      const before = cam.opened.length
      clock.advance(wait - 1)
      expect(cam.opened.length).toBe(before)
      clock.advance(1)
      expect(cam.opened.length).toBe(before + 1)
    }
    cam.send(1)
    cam.current().handlers.end('streamer restarted')
    clock.advance(100)
    expect(relay.state()).toBe('connecting')
    expect(relay.stats().lastError).toBe('streamer restarted')
  })

  it('treats an upstream that goes silent as dead', () => {
    const clock = createFakeClock()
    const cam = fakeSource()
    const relay = createCameraRelay({ source: cam.source, clock, options: { lingerMs: 0, stallMs: 3000, backoffMs: { first: 100, max: 100 } } })
    relay.hold()
    cam.send(1)
    clock.advance(3000)
    expect(cam.opened[0]!.closed).toBe(true)
    clock.advance(100)
    expect(cam.opened).toHaveLength(2)
  })

  it('answers a snapshot from memory when fresh, else waits for the next frame or fails with CAMERA_UNAVAILABLE', async () => {
    const clock = createFakeClock()
    const cam = fakeSource()
    const relay = createCameraRelay({ source: cam.source, clock, options: { lingerMs: 10_000 } })
    const first = relay.freshFrame(1000, 5000)
    cam.send(7)
    expect((await first).jpeg[2]).toBe(7)
    clock.advance(500)
    expect((await relay.freshFrame(1000, 5000)).seq).toBe(1)
    clock.advance(600)
    const next = relay.freshFrame(1000, 5000)
    cam.send(8)
    expect((await next).jpeg[2]).toBe(8)
    clock.advance(1)
    const never = relay.freshFrame(0, 5000)
    clock.advance(5000)
    await expect(never).rejects.toSatisfy((e) => isGatewayError(e, 'CAMERA_UNAVAILABLE'))
  })

  it('leaves no abort listener behind on a viewer signal after each frame (hours of frames)', async () => {
    const clock = createFakeClock()
    const cam = fakeSource()
    const relay = createCameraRelay({ source: cam.source, clock, options: { lingerMs: 0 } })
    const signal = new AbortController().signal
    for (let n = 1; n <= 50; n++) {
      const next = relay.nextFrame(n - 1, Infinity, signal)
      cam.send(n)
      expect((await next).seq).toBe(n)
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0)
  })
})

describe('viewerStream', () => {
  it('sends the newest frame only when pulled, at most maxFps, and releases the upstream on cancel', async () => {
    const clock = createFakeClock()
    const cam = fakeSource()
    const relay = createCameraRelay({ source: cam.source, clock, options: { lingerMs: 0 } })
    const reader = viewerStream({ relay, clock, maxFps: () => 2 }).getReader()
    cam.send(1)
    const first = await reader.read()
    expect(Buffer.from(first.value!).includes(Buffer.from([0xff, 0xd8, 1]))).toBe(true)
    // a slow reader: many frames pass while it does not pull; it gets only the newest
    for (let n = 2; n <= 9; n++) cam.send(n)
    const second = reader.read()
    await flush()
    clock.advance(499)
    cam.send(10)
    let settled = false
    void second.then(() => (settled = true))
    await flush()
    expect(settled).toBe(false)
    clock.advance(1)
    await flush()
    const value = Buffer.from((await second).value!)
    expect(value.includes(Buffer.from([0xff, 0xd8, 10]))).toBe(true)
    expect(relay.stats().demand).toBeGreaterThan(0)
    await reader.cancel()
    expect(relay.stats().demand).toBe(0)
    clock.advance(0)
    expect(cam.current().closed).toBe(true)
  })
})
