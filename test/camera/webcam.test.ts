// /webcam/ against a stand-in streamer (ffmpeg testsrc2 as MJPEG): snapshot, fan-out, slow viewers, restarts, idle close.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/core/clock.js'
import { until } from '../api/harness.js'
import { isJpeg, partReader, readParts, startCameraServer, type CameraServer } from './camera-server.js'
import { startStandInCamera, type StandInCamera } from './stand-in-camera.js'

let streamer: StandInCamera
let server: CameraServer | null = null

beforeAll(async () => {
  streamer = await startStandInCamera({ size: '640x480', fps: 10 })
})
afterAll(async () => streamer.stop())
afterEach(async () => {
  await server?.close()
  server = null
  await until(() => streamer.openConnections() === 0, 10_000, 'upstream closed')
})

const start = (extra: Record<string, unknown> = {}) => startCameraServer({ camera: { url: streamer.url, fps: 10, idleFps: 10, ...extra, lingerMs: 300 } })

describe('GET /webcam/?action=snapshot', () => {
  it('answers one JPEG of the camera (640x480, checked by ffprobe)', async () => {
    server = await start()
    const res = await fetch(`${server.base}/webcam/?action=snapshot`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    const jpeg = Buffer.from(await res.arrayBuffer())
    expect(isJpeg(jpeg)).toBe(true)
    const file = join(server.dataDir, 'snap.jpg')
    writeFileSync(file, jpeg)
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], {
      encoding: 'utf8',
    }).trim()
    expect(probe).toBe('mjpeg,640,480')
  })

  it('answers 404 CAMERA_NOT_FOUND for an unknown camera and 400 for an unknown action', async () => {
    server = await start()
    const missing = await fetch(`${server.base}/webcam/garage/?action=snapshot`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: string }).error).toBe('CAMERA_NOT_FOUND')
    const bad = await fetch(`${server.base}/webcam/?action=explode`)
    expect(bad.status).toBe(400)
  })
})

describe('what apps are told', () => {
  it('lists the cameras for the UI', async () => {
    server = await startCameraServer({
      camera: {
        cameras: [
          { url: streamer.url, fps: 15, idleFps: 3, rotate: 180 },
          { name: 'nozzle', url: streamer.url, flipHorizontal: true },
        ],
      },
    })
    const ours = (await (await fetch(`${server.base}/api/camera`)).json()) as { cameras: Record<string, unknown>[] }
    expect(ours.cameras.map((c) => [c.name, c.streamUrl, c.snapshotUrl, c.state])).toEqual([
      ['default', '/webcam/?action=stream', '/webcam/?action=snapshot', 'idle'],
      ['nozzle', '/webcam/nozzle/?action=stream', '/webcam/nozzle/?action=snapshot', 'idle'],
    ])
    // listing opens no upstream
    expect(server.camera.cameras.every((c) => c.relay.stats().connectionsOpened === 0)).toBe(true)
  })
})

describe('GET /webcam/?action=stream', () => {
  it('serves three viewers at once from one upstream connection', async () => {
    server = await start()
    const before = streamer.connections()
    const viewers = await Promise.all([1, 2, 3].map(() => fetch(`${server!.base}/webcam/?action=stream`)))
    for (const v of viewers) expect(v.headers.get('content-type')).toBe('multipart/x-mixed-replace; boundary=printgate')
    const frames = await Promise.all(viewers.map((v) => readParts(v, 10)))
    for (const list of frames) {
      expect(list).toHaveLength(10)
      expect(list.every(isJpeg)).toBe(true)
    }
    expect(streamer.connections() - before).toBe(1)
    expect(server.camera.cameras[0]!.relay.stats().connectionsOpened).toBe(1)
  })

  it('a viewer that stops reading holds at most one frame, and the others keep getting pictures', async () => {
    // big frames fast (720p, 25 fps, ~2 MB/s) so the stalled socket's kernel buffers fill within seconds
    const heavy = await startStandInCamera({ size: '1280x720', fps: 25, quality: 1 })
    try {
      server = await startCameraServer({ camera: { url: heavy.url, fps: 25, idleFps: 25, lingerMs: 300 } })
      const stalled = net.connect(Number(new URL(server.base).port), '127.0.0.1')
      stalled.write('GET /webcam/?action=stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
      stalled.pause()
      await until(() => server!.responses.length === 1, 10_000, 'stalled viewer connected')
      const res = server.responses[0]!
      await until(() => res.writableNeedDrain, 60_000, 'backpressure on the stalled viewer')
      const writtenAtStall = res.socket!.bytesWritten + res.writableLength
      const reader = (await fetch(`${server.base}/webcam/?action=stream`)).body!.getReader()
      let frames = 0
      let maxHeld = 0
      let pending = Buffer.alloc(0)
      while (frames < 50) {
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        pending = Buffer.concat([pending, Buffer.from(value)])
        for (let at = pending.indexOf('--printgate\r\n'); at >= 0; at = pending.indexOf('--printgate\r\n')) {
          frames++
          pending = pending.subarray(at + 13)
        }
        maxHeld = Math.max(maxHeld, res.writableLength)
      }
      await reader.cancel()
      // one 720p part of this source is about 90 KB
      const frameBytes = 200_000
      // What the gateway holds for the stalled viewer is the one part it was writing, never a growing queue.
      expect(maxHeld).toBeLessThanOrEqual(frameBytes)
      expect(res.socket!.bytesWritten + res.writableLength - writtenAtStall).toBeLessThanOrEqual(frameBytes)
      stalled.destroy()
    } finally {
      await server?.close()
      server = null
      await heavy.stop()
    }
  })

  it('keeps a viewer going through a streamer restart (reconnects with backoff)', async () => {
    server = await start()
    const viewer = await fetch(`${server.base}/webcam/?action=stream`)
    const reader = viewer.body!.getReader()
    const readBytes = async (n: number) => {
      let got = 0
      while (got < n) {
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        got += value.length
      }
    }
    await readBytes(100_000)
    const opened = server.camera.cameras[0]!.relay.stats().connectionsOpened
    await streamer.stop()
    await until(
      () => server!.camera.cameras[0]!.relay.state() === 'backoff' || server!.camera.cameras[0]!.relay.state() === 'connecting',
      10_000,
      'upstream lost',
    )
    await streamer.start()
    await until(() => server!.camera.cameras[0]!.relay.state() === 'live', 20_000, 'upstream back')
    await readBytes(200_000)
    expect(server.camera.cameras[0]!.relay.stats().connectionsOpened).toBeGreaterThan(opened)
    await reader.cancel()
  })

  it('caps each viewer at idleFps while the printer is idle', async () => {
    // The viewer is paced by the camera service's clock: a fake one here, moved by the test, while the camera sends 10 fps.
    const clock = createFakeClock()
    server = await startCameraServer({ camera: { url: streamer.url, fps: 10, idleFps: 2, lingerMs: 300 }, clock })
    const relay = server.camera.cameras[0]!.relay
    const parts = partReader(await fetch(`${server.base}/webcam/?action=stream`))
    expect(isJpeg((await parts.next())!)).toBe(true) // the first at once
    for (let i = 1; i < 6; i++) {
      let sent = false
      const next = parts.next().then((part) => ((sent = true), part))
      clock.advance(499)
      // Two newer pictures reach the relay while the viewer's clock stands 1 ms short of 1/idleFps: it sends neither.
      const seen = relay.stats().frames
      await until(() => relay.stats().frames >= seen + 2, 10_000, 'two more pictures from the camera')
      expect(sent).toBe(false)
      clock.advance(1)
      expect(isJpeg((await next)!)).toBe(true)
    }
    await parts.cancel()
  })

  it('closes the upstream when the last viewer leaves', async () => {
    server = await start()
    await readParts(await fetch(`${server.base}/webcam/?action=stream`), 3)
    await until(() => server!.camera.cameras[0]!.relay.state() === 'idle', 10_000, 'relay idle')
    await until(() => streamer.openConnections() === 0, 10_000, 'upstream closed')
  })
})
