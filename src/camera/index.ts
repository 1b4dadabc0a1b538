// createCameraService: the configured cameras (one relay each), their routes, the timelapse, and what apps are told.
import { createHash } from 'node:crypto'
import type { Hono } from 'hono'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { PrinterService } from '../printer/types.js'
import type { CameraConfig, CameraSection } from './config.js'
import { createCameraRelay } from './relay.js'
import { createCameraRoutes, type RoutedCamera, type WebcamInfo } from './routes.js'
import { deviceSource, httpSource } from './source.js'
import { createTimelapseRecorder, type TimelapseRecorder } from './timelapse-recorder.js'
import { createTimelapseRenderer, type TimelapseRenderer } from './timelapse-render.js'

export type { CameraSection } from './config.js'
export type { WebcamInfo } from './routes.js'

export interface CameraService {
  /** Mount with `app.route('/', camera.routes)`. */
  routes: Hono
  webcams(): WebcamInfo[]
  cameras: RoutedCamera[]
  recorder: TimelapseRecorder | null
  renderer: TimelapseRenderer | null
  stop(): void
}

export interface CameraDeps {
  config: CameraSection
  printer: Pick<PrinterService, 'status' | 'events'>
  clock: Clock
  dataDir: string
  logger: Logger
  /** ffmpeg binary for device cameras (tests point it elsewhere). */
  ffmpeg?: string
}

const pathOf = (camera: CameraConfig, index: number) => (index === 0 ? '/webcam/' : `/webcam/${camera.name}/`)

export function createCameraService(deps: CameraDeps): CameraService {
  const { config, printer, clock, dataDir, logger } = deps
  const log = logger.child({ component: 'camera' })
  const printing = () => ['printing', 'paused'].includes(printer.status().state)
  const cameras: RoutedCamera[] = config.cameras.map((camera) => {
    const source = camera.url ? httpSource(camera.url) : deviceSource({ device: camera.device!, fps: camera.fps, size: camera.size }, deps.ffmpeg)
    let viewers = 0
    const relay = createCameraRelay({
      source,
      clock,
      options: { lingerMs: config.lingerMs },
      onStateChange: (state, reason) =>
        state === 'backoff'
          ? log.warn('camera lost; reconnecting', { camera: camera.name, reason })
          : log.debug('camera state', { camera: camera.name, state }),
    })
    return {
      config: camera,
      relay,
      maxFps: () => (printing() ? camera.fps : camera.idleFps),
      viewers: { opened: () => void viewers++, closed: () => void viewers--, count: () => viewers },
    }
  })
  const first = cameras[0]
  const renderer =
    first && config.timelapse.enabled
      ? createTimelapseRenderer({
          dataDir,
          config: config.timelapse,
          orientation: { rotate: first.config.rotate, flipHorizontal: first.config.flipHorizontal, flipVertical: first.config.flipVertical },
          logger: log,
        })
      : null
  // The first camera records; a job's end snapshot is taken even with the timelapse off.
  const recorder = first
    ? createTimelapseRecorder({
        events: printer.events,
        relay: first.relay,
        clock,
        dataDir,
        config: config.timelapse,
        logger: log,
        render: (jobId) => void renderer?.render(jobId),
      })
    : null
  const webcams = (): WebcamInfo[] =>
    cameras.map(({ config: c }, i) => ({
      name: c.name,
      streamUrl: `${pathOf(c, i)}?action=stream`,
      snapshotUrl: `${pathOf(c, i)}?action=snapshot`,
      fps: c.fps,
      idleFps: c.idleFps,
      rotate: c.rotate,
      flipHorizontal: c.flipHorizontal,
      flipVertical: c.flipVertical,
      uid: createHash('sha256')
        .update(`printgate-camera:${c.name}`)
        .digest('hex')
        .slice(0, 32)
        .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'),
    }))
  const routes = createCameraRoutes({
    cameras,
    clock,
    dataDir,
    timelapse: {
      enabled: config.timelapse.enabled,
      fps: config.timelapse.fps,
      intervalSeconds: config.timelapse.intervalSeconds,
      recording: (id) => recorder?.recording(id) ?? false,
      rendering: (id) => renderer?.rendering(id) ?? false,
    },
    describe: () => webcams().map((w, i) => ({ ...w, state: cameras[i]!.relay.state(), viewers: cameras[i]!.viewers.count() })),
  })
  return {
    routes,
    webcams,
    cameras,
    recorder,
    renderer,
    stop() {
      recorder?.stop()
      for (const camera of cameras) camera.relay.close()
    },
  }
}
