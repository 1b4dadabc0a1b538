// One slicer upload through the gateway's own receiver and file store: G-code only, no clash with the print running.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { storeReceivedUpload } from '../api/routes/files.js'
import { receiveUpload } from '../api/upload.js'
import { GatewayError } from '../core/errors.js'
import type { FileRecord } from '../jobs/types.js'
import type { CompatDeps } from './deps.js'
import { uploadDisplayPath } from './form-values.js'

export interface IngestedUpload {
  file: FileRecord
  /** Folder and name as the slicer asked, forward slashes, e.g. `prints/part.gcode`. */
  displayPath: string
  fields: Record<string, string>
}

/** The file name of the print running or paused now, if any. */
export function activeFileName(deps: Pick<CompatDeps, 'orchestrator' | 'jobs' | 'files'>): string | null {
  const id = deps.orchestrator.activeJobId()
  const job = id ? deps.jobs.get(id) : null
  const file = job?.fileId ? deps.files.get(job.fileId) : null
  return file?.name ?? null
}

/**
 * Streams a multipart upload to disk with the gateway's receiver, then checks what OctoPrint clients
 * expect: 415 unless G-code, 400 for a climbing path, 409 when the name is the file being printed
 * (OctoPrint would overwrite it). Only then is the file stored and analysed like any other upload.
 * `folderField` names the form field holding the parent folder (`path`).
 */
export async function ingestUpload(
  deps: CompatDeps,
  o: {
    source: Readable
    contentType: string
    folderField?: string
    /** Runs before the file is kept; may throw to refuse it. */ beforeStore?: (fields: Record<string, string>, tempPath: string) => Promise<void>
  },
): Promise<IngestedUpload> {
  if (!/^multipart\/form-data/i.test(o.contentType))
    throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in the field "file"')
  const upload = await receiveUpload({ source: o.source, contentType: o.contentType, dir: join(deps.dataDir, 'files'), maxBytes: deps.limits.uploadBytes })
  const refuse = async (error: GatewayError): Promise<never> => {
    await rm(upload.tempPath, { force: true })
    throw error
  }
  if (upload.kind !== 'gcode') await refuse(new GatewayError('FILE_TYPE_UNSUPPORTED', `"${upload.name}" is not G-code; slicer uploads must be .gcode files`))
  const displayPath = uploadDisplayPath(upload.fields[o.folderField ?? 'path'], upload.name)
  if (!displayPath) return refuse(new GatewayError('FILE_NAME_INVALID', 'The upload path may not contain ".." segments'))
  if (activeFileName(deps) === upload.name) {
    await refuse(new GatewayError('FILE_IN_USE', `"${upload.name}" is the file being printed; upload it under another name or wait until the print ends`))
  }
  await o.beforeStore?.(upload.fields, upload.tempPath)
  const file = await storeReceivedUpload(deps, upload)
  deps.logger.info('slicer upload stored', { fileId: file.id, name: file.name, size: file.size })
  return { file, displayPath, fields: upload.fields }
}

/** The newest uploaded G-code whose name is the last segment of an OctoPrint path (or whose id is the path). */
export function findUploadedFile(deps: Pick<CompatDeps, 'files'>, path: string): FileRecord | null {
  const clean = path.replace(/\\/g, '/').replace(/\/+$/, '')
  const name = clean.slice(clean.lastIndexOf('/') + 1)
  if (!name) return null
  return deps.files.list().find((f) => f.kind === 'gcode' && (f.name === name || f.id === name)) ?? null
}
