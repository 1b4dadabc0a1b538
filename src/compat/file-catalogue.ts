// The G-code files apps see: newest upload per name, their analysis, and deletion with the gateway's in-use rule.
import { rm, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { GatewayError } from '../core/errors.js'
import type { FileRecord } from '../jobs/types.js'
import type { CompatDeps } from './deps.js'
import { findUploadedFile } from './ingest.js'

export interface FileFacts {
  file: FileRecord
  /** Unix seconds. */
  modified: number
  estimatedSeconds: number | null
  filamentMm: number | null
  layerCount: number | null
}

const numberOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function factsOf(file: FileRecord): FileFacts {
  const a = file.analysis ?? {}
  return {
    file,
    modified: Math.floor(Date.parse(file.createdAt) / 1000),
    estimatedSeconds: numberOrNull(a.estimatedSeconds),
    filamentMm: numberOrNull(a.filamentMm),
    layerCount: numberOrNull(a.layerCount),
  }
}

/** G-code files, newest first, one per name (a re-upload under the same name replaces the older one, as on OctoPrint). */
export function listGcode(deps: Pick<CompatDeps, 'files'>): FileFacts[] {
  const seen = new Set<string>()
  const out: FileFacts[] = []
  for (const f of deps.files.list()) {
    if (f.kind !== 'gcode' || seen.has(f.name)) continue
    seen.add(f.name)
    out.push(factsOf(f))
  }
  return out
}

export function mustFindGcode(deps: Pick<CompatDeps, 'files'>, path: string): FileRecord {
  const file = findUploadedFile(deps, path)
  if (!file) throw new GatewayError('FILE_NOT_FOUND', `No uploaded G-code named "${path}"`)
  return file
}

/** Deletes every stored copy of that name; 409 FILE_IN_USE while a job queued or printing uses one. */
export async function deleteGcode(deps: Pick<CompatDeps, 'files' | 'orchestrator' | 'dataDir'>, path: string): Promise<FileRecord> {
  const file = mustFindGcode(deps, path)
  const copies = deps.files.list().filter((f) => f.kind === 'gcode' && f.name === file.name)
  const busy = copies.find((f) => deps.orchestrator.isFileInUse(f.id))
  if (busy) throw new GatewayError('FILE_IN_USE', `"${file.name}" is used by a job that is queued or printing`)
  for (const copy of copies) {
    deps.files.delete(copy.id)
    await rm(join(deps.dataDir, 'files', copy.storedName), { force: true })
  }
  return file
}

/** Free and total bytes where files are stored (null when unknown). */
export async function diskSpace(dataDir: string): Promise<{ free: number | null; total: number | null }> {
  const fs = await statfs(dataDir).catch(() => null)
  return fs ? { free: fs.bavail * fs.bsize, total: fs.blocks * fs.bsize } : { free: null, total: null }
}
