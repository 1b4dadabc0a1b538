// Camera HTTP routes: /webcam/?action=stream|snapshot (mjpg-streamer's paths), OctoPrint's /api/timelapse, downloads.
import { rm } from 'node:fs/promises'
import { Hono, type Context } from 'hono'
import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { CameraConfig } from './config.js'
import { fileResponse } from './file-response.js'
import type { CameraRelay } from './relay.js'
import { isJobId, jobCameraPaths, listTimelapses } from './timelapse-files.js'
import { STREAM_CONTENT_TYPE, viewerStream, type ViewerCounter } from './viewer-stream.js'

export interface RoutedCamera {
  config: CameraConfig
  relay: CameraRelay
  /** Frames per second each viewer gets now (the printing or the idle rate). */
  maxFps(): number
  viewers: ViewerCounter & { count(): number }
}

/** One camera as apps see it (OctoPrint's settings.webcam, Moonraker's webcam list, the phone UI). */
export interface WebcamInfo {
  name: string
  streamUrl: string
  snapshotUrl: string
  /** Frames per second to each viewer while printing, and while idle (Moonraker's target_fps / target_fps_idle). */
  fps: number
  idleFps: number
  rotate: 0 | 90 | 180 | 270
  flipHorizontal: boolean
  flipVertical: boolean
  uid: string
}

/** A camera as `GET /api/camera` lists it: plus its upstream state and viewers. */
export type WebcamListing = WebcamInfo & { state: string; viewers: number }

export interface CameraRouteDeps {
  cameras: RoutedCamera[]
  clock: Clock
  dataDir: string
  timelapse: { enabled: boolean; fps: number; intervalSeconds: number; recording(jobId: string): boolean; rendering(jobId: string): boolean }
  /** What `GET /api/camera` lists for each camera (the same entries apps get). */
  describe(): WebcamListing[]
}

const SNAPSHOT_MAX_AGE_MS = 1000
const SNAPSHOT_TIMEOUT_MS = 5000
const NO_STORE = { 'cache-control': 'no-store' }

export function createCameraRoutes(deps: CameraRouteDeps): Hono {
  const app = new Hono()
  const byName = (name: string | undefined): RoutedCamera => {
    const camera = name === undefined ? deps.cameras[0] : deps.cameras.find((c) => c.config.name === name)
    if (!camera)
      throw new GatewayError('CAMERA_NOT_FOUND', name === undefined ? 'No camera is configured (camera.url or camera.device)' : `No camera named ${name}`)
    return camera
  }

  async function serve(c: Context, name: string | undefined, action = c.req.query('action') ?? 'stream'): Promise<Response> {
    const camera = byName(name)
    if (action === 'snapshot') {
      const frame = await camera.relay.freshFrame(SNAPSHOT_MAX_AGE_MS, SNAPSHOT_TIMEOUT_MS)
      return new Response(new Uint8Array(frame.jpeg), {
        status: 200,
        headers: { 'content-type': 'image/jpeg', 'content-length': String(frame.jpeg.length), ...NO_STORE },
      })
    }
    if (action !== 'stream') throw new GatewayError('BAD_REQUEST', `Unknown action ${action}; use stream or snapshot`)
    const body = viewerStream({ relay: camera.relay, clock: deps.clock, maxFps: camera.maxFps, counter: camera.viewers })
    return new Response(body, { status: 200, headers: { 'content-type': STREAM_CONTENT_TYPE, ...NO_STORE, 'x-accel-buffering': 'no', connection: 'close' } })
  }

  for (const path of ['/webcam', '/webcam/']) app.get(path, (c) => serve(c, undefined))
  for (const path of ['/webcam/:name', '/webcam/:name/']) app.get(path, (c) => serve(c, c.req.param('name')))
  // camera-streamer's own paths, for apps configured with them
  app.get('/webcam/:name/stream', (c) => serve(c, c.req.param('name'), 'stream'))
  app.get('/webcam/:name/snapshot', (c) => serve(c, c.req.param('name'), 'snapshot'))

  app.get('/api/camera', (c) => c.json({ cameras: deps.describe() }))

  app.get('/api/timelapse', async (c) => {
    const listing = await listTimelapses(deps.dataDir, deps.timelapse)
    const type = !deps.timelapse.enabled || deps.cameras.length === 0 ? 'off' : 'zchange'
    return c.json({
      config: { type, fps: deps.timelapse.fps, interval: deps.timelapse.intervalSeconds, trigger: 'layer markers' },
      enabled: type !== 'off',
      ...listing,
    })
  })
  app.delete('/api/timelapse/:name', async (c) => {
    const id = /^(.+)\.mp4$/.exec(c.req.param('name'))?.[1]
    if (!id || !isJobId(id)) throw new GatewayError('FILE_NAME_INVALID')
    const paths = jobCameraPaths(deps.dataDir, id)
    const listing = await listTimelapses(deps.dataDir, deps.timelapse)
    if (!listing.files.some((f) => f.job_id === id)) throw new GatewayError('FILE_NOT_FOUND')
    await rm(paths.video, { force: true })
    return c.body(null, 204)
  })

  const download = (kind: 'video' | 'snapshot', pattern: RegExp, type: string) => async (c: Context) => {
    const id = pattern.exec(c.req.param('file') ?? '')?.[1]
    if (!id || !isJobId(id)) throw new GatewayError('FILE_NOT_FOUND')
    return fileResponse(jobCameraPaths(deps.dataDir, id)[kind], type, c.req.header('range'))
  }
  app.get('/downloads/timelapse/:file', download('video', /^(.+)\.mp4$/, 'video/mp4'))
  app.get('/downloads/snapshot/:file', download('snapshot', /^(.+)\.jpg$/, 'image/jpeg'))
  return app
}
