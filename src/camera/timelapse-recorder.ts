// Timelapse: a frame at each layer change the link reports (slicer markers, so Z-hops add none), optional interval frames, a snapshot at the end.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock, TimerHandle } from '../core/clock.js'
import type { TypedEmitter } from '../core/events.js'
import type { Logger } from '../core/logger.js'
import type { PrinterEvents, PrintResult } from '../printer/types.js'
import type { TimelapseConfig } from './config.js'
import type { CameraRelay } from './relay.js'
import { jobCameraPaths } from './timelapse-files.js'

/** A frame this old is still "now" for a layer change; older, the recorder waits for the next one. */
const FRESH_MS = 1500
const WAIT_MS = 5000

export interface TimelapseRecorder {
  recording(jobId: string): boolean
  /** Frames written for a job so far (this session only). */
  framesOf(jobId: string): number
  /** Resolves once the job's frames and snapshot are on disk (and its render was handed over). */
  settled(jobId: string): Promise<void>
  stop(): void
}

interface Session {
  jobId: string
  frames: number
  lastLayer: number | null
  /** Serialises captures so frames keep their order on disk. */
  chain: Promise<void>
  release: (() => void) | null
  interval?: TimerHandle
}

export interface RecorderDeps {
  events: TypedEmitter<PrinterEvents>
  relay: CameraRelay
  clock: Clock
  dataDir: string
  config: TimelapseConfig
  logger: Logger
  /** Hands a finished frame folder to the renderer. */
  render(jobId: string): void
}

export function createTimelapseRecorder(deps: RecorderDeps): TimelapseRecorder {
  const { events, relay, clock, dataDir, config, logger } = deps
  const sessions = new Map<string, Session>()
  const settledJobs = new Map<string, Promise<void>>()

  const capture = (session: Session, why: string) => {
    session.chain = session.chain.then(async () => {
      try {
        const frame = await relay.freshFrame(FRESH_MS, WAIT_MS)
        const n = ++session.frames
        await writeFile(join(jobCameraPaths(dataDir, session.jobId).frames, `${String(n).padStart(6, '0')}.jpg`), frame.jpeg)
      } catch (error) {
        logger.warn('timelapse frame missed', { jobId: session.jobId, why, error })
      }
    })
  }

  const onStarted = ({ jobId }: { jobId: string }) => {
    if (!config.enabled || sessions.has(jobId)) return
    const session: Session = {
      jobId,
      frames: 0,
      lastLayer: null,
      chain: mkdir(jobCameraPaths(dataDir, jobId).frames, { recursive: true }).then(() => undefined),
      release: relay.hold(),
    }
    sessions.set(jobId, session)
    if (config.intervalSeconds > 0) {
      const tick = () => {
        capture(session, 'interval')
        session.interval = clock.setTimeout(tick, config.intervalSeconds * 1000)
      }
      session.interval = clock.setTimeout(tick, config.intervalSeconds * 1000)
    }
  }

  const onProgress = ({ jobId, layer }: { jobId: string; layer: number | null }) => {
    const session = sessions.get(jobId)
    if (!session || layer === null || layer === session.lastLayer) return
    session.lastLayer = layer
    capture(session, `layer ${layer}`)
  }

  const onEnded = (result: PrintResult) => {
    const session = sessions.get(result.jobId)
    sessions.delete(result.jobId)
    if (session) clock.clearTimeout(session.interval)
    const done = (async () => {
      await session?.chain
      const paths = jobCameraPaths(dataDir, result.jobId)
      try {
        const frame = await relay.freshFrame(FRESH_MS, WAIT_MS)
        await mkdir(paths.dir, { recursive: true })
        await writeFile(paths.snapshot, frame.jpeg)
      } catch (error) {
        logger.warn('no end-of-job snapshot', { jobId: result.jobId, error })
      }
      session?.release?.()
      if (session && session.frames > 0) deps.render(result.jobId)
    })().finally(() => settledJobs.delete(result.jobId))
    settledJobs.set(result.jobId, done)
  }

  const unsubscribe = [events.on('printer:job_started', onStarted), events.on('printer:progress', onProgress), events.on('printer:job_ended', onEnded)]

  return {
    recording: (jobId) => sessions.has(jobId),
    framesOf: (jobId) => sessions.get(jobId)?.frames ?? 0,
    settled: (jobId) => settledJobs.get(jobId) ?? Promise.resolve(),
    stop() {
      for (const off of unsubscribe) off()
      for (const session of sessions.values()) {
        clock.clearTimeout(session.interval)
        session.release?.()
      }
      sessions.clear()
    },
  }
}
