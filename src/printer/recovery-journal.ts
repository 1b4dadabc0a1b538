// The power-loss journal: while printing, the last acknowledged line's byte offset and modal state, fsync'd at each layer change and every few seconds.
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../core/clock.js'
import { applyModal, initialModalState, type ModalState } from '../protocol/modal-state.js'
import type { JobLine } from './line-source.js'

export interface RecoveryRecord {
  version: 1
  jobId: string
  /** The G-code file being printed. */
  path: string
  bytesTotal: number
  /** Byte offset just after the last line the firmware acknowledged. */
  byteOffset: number
  fileLine: number
  layer: number | null
  /** Z of the layer in progress (from the slicer's markers or the last absolute Z move). */
  layerZ: number | null
  /** Z of the last extruding move acknowledged: the nozzle's printing height, never a Z-hop's. */
  printZ: number | null
  /** Modal state after the last acknowledged line. */
  state: ModalState
  /** The line number the last acknowledged line went under (maps a firmware's saved line back to the file). */
  wireLine?: number | null
  /** The last acknowledged lines as [line number, byte offset after it, file line], oldest first. */
  recentLines?: Array<[number, number, number]>
  /** Some line on the wire carried several file commands (arc fitting): numbers cannot be counted through the file. */
  packedLines?: boolean
  writtenAt: string
}

/** Enough to cover what a firmware holds unexecuted (Prusa MK3: 16 planner blocks + 4 command slots). */
export const RECENT_LINES = 64

export interface RecoveryJournal {
  /**
   * Call for every acknowledged job line, in order, with the line number it went under. Never waits on the disk.
   * A record is written when the numbering jumps (a console command or a reset took numbers), so numbers after
   * the record can be counted on from the file.
   */
  confirmed(line: JobLine, n?: number | null): void
  /** The job ended: `keep` leaves the record for a resume (interrupted), otherwise it is deleted. */
  finish(keep: boolean): Promise<void>
  /** Resolves once no record is being written or waiting. */
  idle(): Promise<void>
}

export function recoveryRecordPath(dir: string, jobId: string): string {
  return join(dir, `${jobId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`)
}

/** Writes `text` to `path` so that a power cut leaves either the old or the new file, never a torn one. */
async function writeDurably(path: string, dir: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`
  const file = await open(tmp, 'w', 0o640)
  try {
    await file.writeFile(text)
    await file.datasync()
  } finally {
    await file.close()
  }
  await rename(tmp, path)
  const folder = await open(dir, 'r')
  try {
    await folder.sync()
  } finally {
    await folder.close()
  }
}

export function createRecoveryJournal(
  job: { jobId: string; path: string; bytesTotal: number },
  deps: { dir: string; clock: Clock; intervalMs?: number; wallNow?: () => Date; onError?: (error: Error) => void },
): RecoveryJournal {
  const intervalMs = deps.intervalMs ?? 2000
  const file = recoveryRecordPath(deps.dir, job.jobId)
  const state = initialModalState()
  let byteOffset = 0
  let fileLine = 0
  let layer: number | null = null
  let layerZ: number | null = null
  let printZ: number | null = null
  let wireLine: number | null = null
  const recentLines: Array<[number, number, number]> = []
  let packedLines = false
  let lastWriteAt = -Infinity
  let writing: Promise<void> | null = null
  let pending: string | null = null
  let finished = false
  const ready = mkdir(deps.dir, { recursive: true, mode: 0o750 })

  const snapshot = (): string =>
    JSON.stringify({
      version: 1,
      jobId: job.jobId,
      path: job.path,
      bytesTotal: job.bytesTotal,
      byteOffset,
      fileLine,
      layer,
      layerZ,
      printZ,
      state: { ...state },
      wireLine,
      recentLines: [...recentLines],
      packedLines,
      writtenAt: (deps.wallNow?.() ?? new Date()).toISOString(),
    } satisfies RecoveryRecord)

  // One write at a time; a newer record replaces one still waiting, so a slow disk costs records, never the stream.
  const drain = (): void => {
    if (writing || pending === null) return
    const text = pending
    pending = null
    writing = ready
      .then(() => writeDurably(file, deps.dir, text))
      .catch((error: Error) => deps.onError?.(error))
      .finally(() => {
        writing = null
        if (!finished) drain()
      })
  }

  const flush = (): void => {
    lastWriteAt = deps.clock.now()
    pending = snapshot()
    drain()
  }

  return {
    confirmed(line, n = null) {
      const jumped = n !== null && wireLine !== null && n !== wireLine + 1
      if ((line.fileCommands ?? 1) > 1) packedLines = true
      wireLine = n
      if (n !== null) {
        recentLines.push([n, line.byteEnd, line.fileLine])
        if (recentLines.length > RECENT_LINES) recentLines.shift()
      }
      const eBefore = state.e
      applyModal(state, line.command)
      if (state.e > eBefore && state.z !== null && line.command.charCodeAt(0) === 71 /* G */) printZ = state.z
      byteOffset = line.byteEnd
      fileLine = line.fileLine
      if (line.layer !== null) {
        layer = line.layer
        layerZ = line.z
        flush()
      } else if (layerZ === null && line.z !== null) {
        layerZ = line.z
        flush()
      } else if (jumped || deps.clock.now() - lastWriteAt >= intervalMs) flush()
    },
    async idle() {
      while (writing) await writing
    },
    async finish(keep) {
      if (keep) {
        pending = snapshot()
        drain()
      }
      finished = true
      while (writing) await writing
      if (keep && pending !== null) {
        const text = pending
        pending = null
        await ready.then(() => writeDurably(file, deps.dir, text)).catch((error: Error) => deps.onError?.(error))
      }
      if (!keep) await rm(file, { force: true })
    },
  }
}
