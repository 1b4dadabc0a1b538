// Renders a job's timelapse frames into an MP4 with ffmpeg at nice 19, one job at a time, then drops the frames.
import { spawn } from 'node:child_process'
import { rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../core/logger.js'
import type { TimelapseConfig } from './config.js'
import { timelapseRenderCommand, type Orientation } from './ffmpeg-args.js'
import { jobCameraPaths } from './timelapse-files.js'

export interface TimelapseRenderer {
  /** Queues a render; resolves when this job's render finished (or failed, which is logged). */
  render(jobId: string): Promise<void>
  rendering(jobId: string): boolean
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + String(chunk)).slice(-800)))
    child.on('error', reject)
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${signal ?? code}): ${stderr.trim()}`))))
  })
}

export function createTimelapseRenderer(deps: { dataDir: string; config: TimelapseConfig; orientation: Orientation; logger: Logger }): TimelapseRenderer {
  const { dataDir, config, orientation, logger } = deps
  let queue: Promise<void> = Promise.resolve()
  const active = new Set<string>()

  async function renderNow(jobId: string) {
    const paths = jobCameraPaths(dataDir, jobId)
    const partial = join(paths.dir, 'timelapse.partial.mp4')
    const { command, args } = timelapseRenderCommand({
      framePattern: join(paths.frames, '%06d.jpg'),
      output: partial,
      fps: config.fps,
      threads: config.threads,
      orientation,
    })
    const started = Date.now()
    try {
      await run(command, args)
      await rename(partial, paths.video)
      await rm(paths.frames, { recursive: true, force: true })
      logger.info('timelapse rendered', { jobId, ms: Date.now() - started })
    } catch (error) {
      await rm(partial, { force: true })
      logger.warn('timelapse render failed; frames kept', { jobId, error })
    }
  }

  return {
    render(jobId) {
      active.add(jobId)
      const mine = queue.then(() => renderNow(jobId)).finally(() => active.delete(jobId))
      queue = mine
      return mine
    },
    rendering: (jobId) => active.has(jobId),
  }
}
