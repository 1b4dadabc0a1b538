// Where a job's camera files live (inside its job folder, so housekeeping removes them with the job) and their listing.
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Job ids are the orchestrator's UUIDs (or test ids): letters, digits, `-` and `_` only. */
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/

export const isJobId = (id: string) => JOB_ID.test(id)

export function jobCameraPaths(dataDir: string, jobId: string) {
  if (!isJobId(jobId)) throw new RangeError(`not a job id: ${jobId}`)
  const dir = join(dataDir, 'jobs', jobId)
  return {
    dir,
    frames: join(dir, 'timelapse-frames'),
    video: join(dir, 'timelapse.mp4'),
    snapshot: join(dir, 'snapshot.jpg'),
  }
}

export const timelapseUrl = (jobId: string) => `/downloads/timelapse/${jobId}.mp4`
export const snapshotUrl = (jobId: string) => `/downloads/snapshot/${jobId}.jpg`

/** Human size the way OctoPrint prints it (`1.2MB`). */
export function humanSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) ((value /= 1024), unit++)
  return `${unit === 0 ? value : value.toFixed(1)}${units[unit]}`
}

/** `YYYY-MM-DD HH:MM` in local time, OctoPrint's `date` field. */
function octoDate(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`
}

export interface TimelapseFile {
  name: string
  display: string
  size: string
  bytes: number
  date: string
  url: string
  thumbnail: string | null
  /** printgate's job the video belongs to. */
  job_id: string
}

export interface UnrenderedTimelapse {
  name: string
  size: string
  bytes: number
  date: string
  frames: number
  recording: boolean
  rendering: boolean
  processing: boolean
  job_id: string
}

async function statOrNull(path: string) {
  return stat(path).catch(() => null)
}

/** Rendered videos and frame folders still waiting, newest first. */
export async function listTimelapses(dataDir: string, activity: { recording(jobId: string): boolean; rendering(jobId: string): boolean }) {
  const ids = (await readdir(join(dataDir, 'jobs')).catch(() => [] as string[])).filter(isJobId)
  const files: TimelapseFile[] = []
  const unrendered: UnrenderedTimelapse[] = []
  for (const id of ids) {
    const paths = jobCameraPaths(dataDir, id)
    const video = await statOrNull(paths.video)
    if (video?.isFile()) {
      const snapshot = await statOrNull(paths.snapshot)
      files.push({
        name: `${id}.mp4`,
        display: `${id}.mp4`,
        size: humanSize(video.size),
        bytes: video.size,
        date: octoDate(video.mtimeMs),
        url: timelapseUrl(id),
        thumbnail: snapshot ? snapshotUrl(id) : null,
        job_id: id,
      })
      continue
    }
    const frames = await readdir(paths.frames).catch(() => null)
    if (!frames?.length) continue
    const folder = await statOrNull(paths.frames)
    const recording = activity.recording(id)
    const rendering = activity.rendering(id)
    unrendered.push({
      name: `${id}.mp4`,
      size: humanSize(0),
      bytes: 0,
      date: octoDate(folder?.mtimeMs ?? 0),
      frames: frames.length,
      recording,
      rendering,
      processing: recording || rendering,
      job_id: id,
    })
  }
  files.sort((a, b) => b.date.localeCompare(a.date))
  return { files, unrendered }
}
