// Disk housekeeping: prunes old job files by age, then oldest-first down to a total size, never a file in use.
import { readdir, rm, rmdir, stat } from 'node:fs/promises'
import { join, sep } from 'node:path'
import type { Clock, TimerHandle } from '../core/clock.js'

/** A `.part` file nobody has written to for this long belongs to no live upload. */
const UPLOAD_LEFTOVER_AGE_MS = 10 * 60_000

export interface PruneOptions {
  /** Folders whose files may be pruned (e.g. `<dataDir>/jobs`, `<dataDir>/files`). */
  roots: string[]
  /** Files whose last change is older than this are removed. */
  maxAgeMs: number
  /** After the age pass, the oldest files go until the roots hold at most this much. */
  maxTotalBytes: number
  /** True for the file being printed (or queued); such files are never removed. */
  isInUse: (path: string) => boolean | Promise<boolean>
  /** Wall-clock milliseconds (file mtimes are wall-clock). */
  now?: () => number
  /** Removes unfinished-upload leftovers untouched for `olderThanMs` (the API's, handed in by the gateway); they go first. */
  uploadLeftovers?: (olderThanMs: number, now: () => number) => Promise<{ path: string; bytes: number }[]>
}

export interface PruneResult {
  deleted: { path: string; bytes: number; reason: 'age' | 'size' | 'upload-leftover' }[]
  keptBytes: number
  /** Files that would have gone but were in use. */
  protected: string[]
}

interface FileInfo {
  path: string
  bytes: number
  mtimeMs: number
}

async function listFiles(dir: string): Promise<{ files: FileInfo[]; dirs: string[] }> {
  const files: FileInfo[] = []
  const dirs: string[] = []
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const inner = await listFiles(path)
      files.push(...inner.files)
      dirs.push(...inner.dirs, path)
    } else if (entry.isFile()) {
      const s = await stat(path).catch(() => null)
      if (s) files.push({ path, bytes: s.size, mtimeMs: s.mtimeMs })
    }
  }
  return { files, dirs }
}

/** One pass over the roots; async fs throughout so it never blocks the event loop for long. */
export async function pruneJobFiles(options: PruneOptions): Promise<PruneResult> {
  const { roots, maxAgeMs, maxTotalBytes, isInUse, now = Date.now } = options
  const result: PruneResult = { deleted: [], keptBytes: 0, protected: [] }
  for (const left of (await options.uploadLeftovers?.(UPLOAD_LEFTOVER_AGE_MS, now)) ?? []) result.deleted.push({ ...left, reason: 'upload-leftover' })
  const files: FileInfo[] = []
  const dirs: string[] = []
  for (const root of roots) {
    const found = await listFiles(root)
    files.push(...found.files)
    dirs.push(...found.dirs)
  }
  files.sort((a, b) => a.mtimeMs - b.mtimeMs)
  let total = files.reduce((sum, f) => sum + f.bytes, 0)
  const remove = async (file: FileInfo, reason: 'age' | 'size'): Promise<boolean> => {
    if (await isInUse(file.path)) {
      if (!result.protected.includes(file.path)) result.protected.push(file.path)
      return false
    }
    await rm(file.path, { force: true })
    total -= file.bytes
    result.deleted.push({ path: file.path, bytes: file.bytes, reason })
    return true
  }
  const cutoff = now() - maxAgeMs
  const remaining: FileInfo[] = []
  for (const file of files) {
    if (file.mtimeMs < cutoff && (await remove(file, 'age'))) continue
    remaining.push(file)
  }
  for (const file of remaining) {
    if (total <= maxTotalBytes) break
    await remove(file, 'size')
  }
  // deepest first; rmdir fails (and is ignored) on folders that still hold something
  for (const dir of dirs.sort((a, b) => b.length - a.length)) await rmdir(dir).catch(() => {})
  result.keptBytes = total
  return result
}

export interface Housekeeper {
  start(): void
  stop(): void
  /** Runs a pass now unless one is already running (then it returns that one's promise). */
  runNow(): Promise<PruneResult>
}

/** Runs `pruneJobFiles` every `intervalMs` (first pass after one interval), never two passes at once. */
export function createHousekeeper(deps: {
  clock: Clock
  intervalMs: number
  prune: PruneOptions
  onResult?: (r: PruneResult) => void
  onError?: (e: unknown) => void
}): Housekeeper {
  const { clock, intervalMs, prune, onResult = () => {}, onError = () => {} } = deps
  let timer: TimerHandle | undefined
  let running = false
  let current: Promise<PruneResult> | null = null
  const runNow = (): Promise<PruneResult> => {
    current ??= pruneJobFiles(prune).finally(() => {
      current = null
    })
    return current
  }
  const tick = () => {
    runNow()
      .then(onResult, onError)
      .finally(() => {
        if (running) timer = clock.setTimeout(tick, intervalMs)
      })
  }
  return {
    start() {
      if (running) return
      running = true
      timer = clock.setTimeout(tick, intervalMs)
    },
    stop() {
      running = false
      clock.clearTimeout(timer)
    },
    runNow,
  }
}

/**
 * The usual `isInUse` for the gateway: a file is in use while it lies in the folder of a job that
 * is still live (printing, paused, queued, in the pipeline), i.e. `<dataDir>/jobs/<id>/…`.
 * @example
 * inUseByLiveJobs(dataDir, () => jobs.withStatus(LIVE_STATUSES).map((j) => j.id))
 */
export function inUseByLiveJobs(dataDir: string, liveJobIds: () => Iterable<string | null>): (path: string) => boolean {
  const jobsRoot = join(dataDir, 'jobs')
  return (path) => {
    for (const id of liveJobIds()) {
      if (id && (path === join(jobsRoot, id) || path.startsWith(join(jobsRoot, id) + sep))) return true
    }
    return false
  }
}
