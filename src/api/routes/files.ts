// File routes: streamed multipart upload (G-code or STL), list, details, download, delete.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { IncomingMessage } from 'node:http'
import { createReadStream, existsSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { randomUUID } from 'node:crypto'
import type { Context } from 'hono'
import { callerHasScope, requireScope } from '../../auth/access-control.js'
import type { Scope } from '../../auth/scopes.js'
import { isDiskFull } from '../../core/disk-full.js'
import { GatewayError, isGatewayError } from '../../core/errors.js'
import type { FileRecord } from '../../jobs/types.js'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { errorResponses, FileIdParam, FileView, PrintStatus } from '../schemas.js'
import { receiveUpload, type ReceivedUpload } from '../upload.js'
import { toFileView, toPrintStatus } from '../views.js'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

const uploadFile = createRoute({
  method: 'post',
  path: '/api/files',
  tags: ['files'],
  summary: 'Upload a G-code or STL file (multipart field `file`; optional field `print=true` starts a job)',
  description: 'The body is streamed to disk with a size limit and hashed (SHA-256). Binary data named .gcode is refused.',
  responses: { 201: json(FileView.extend({ job: PrintStatus.nullable() }), 'The stored file'), ...errorResponses(400, 409, 413, 415, 422) },
})
const listFiles = createRoute({
  method: 'get',
  path: '/api/files',
  tags: ['files'],
  summary: 'Uploaded files',
  responses: { 200: json(z.array(FileView), 'Files') },
})
const getFile = createRoute({
  method: 'get',
  path: '/api/files/{id}',
  tags: ['files'],
  summary: 'One file with its analysis',
  request: { params: FileIdParam },
  responses: { 200: json(FileView, 'The file'), ...errorResponses(404) },
})
const fileContent = createRoute({
  method: 'get',
  path: '/api/files/{id}/content',
  tags: ['files'],
  summary: 'Download a file',
  request: { params: FileIdParam },
  responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string() } } }, ...errorResponses(404) },
})
const deleteFile = createRoute({
  method: 'delete',
  path: '/api/files/{id}',
  tags: ['files'],
  summary: 'Delete a file (409 while a job uses it)',
  request: { params: FileIdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
})

type NodeBindings = { incoming?: IncomingMessage }

/** requireScope for an upload still in its temporary file: the file is removed before the refusal. */
export async function refuseUnlessScope(c: Context, scope: Scope, tempPath: string): Promise<void> {
  if (callerHasScope(c, scope)) return
  await rm(tempPath, { force: true })
  requireScope(c, scope)
}

/** Moves a received upload into the files folder, analyses G-code and records it (shared with src/compat). */
export async function storeReceivedUpload(deps: Pick<ApiDeps, 'files' | 'plan' | 'dataDir' | 'now'>, upload: ReceivedUpload): Promise<FileRecord> {
  const dir = join(deps.dataDir, 'files')
  const id = randomUUID()
  const storedName = `${id}.${upload.kind === 'stl' ? 'stl' : 'gcode'}`
  const path = join(dir, storedName)
  await rename(upload.tempPath, path)
  let analysis: Record<string, unknown> | null = null
  if (upload.kind === 'gcode') {
    try {
      // Checked against the default printer (build volume, line length); the print itself re-checks on its printer.
      analysis = { ...(await deps.plan.analyseGcode(path, { printer: deps.plan.resolvePrintProfile(null).printer })) }
    } catch (error) {
      await rm(path, { force: true })
      if (isGatewayError(error)) throw error
      throw new GatewayError('GCODE_ANALYSIS_FAILED', error instanceof Error ? error.message : String(error), { cause: error })
    }
  }
  const record: FileRecord = {
    id,
    name: upload.name,
    kind: upload.kind,
    size: upload.size,
    sha256: upload.sha256,
    storedName,
    createdAt: deps.now().toISOString(),
    analysis,
  }
  try {
    deps.files.insert(record)
  } catch (error) {
    // e.g. SQLITE_FULL: a file the catalogue does not list would only take space
    await rm(path, { force: true })
    throw error
  }
  return record
}

export function createFileRoutes(deps: ApiDeps): OpenAPIHono<{ Bindings: NodeBindings }> {
  const { files, orchestrator } = deps
  const dir = join(deps.dataDir, 'files')
  const app = new OpenAPIHono<{ Bindings: NodeBindings }>({ defaultHook: validationHook })
  const mustGet = (id: string): FileRecord => {
    const file = files.get(id)
    if (!file) throw new GatewayError('FILE_NOT_FOUND', `File ${id} not found`)
    return file
  }

  app.openapi(uploadFile, async (c) => {
    const contentType = c.req.header('content-type') ?? ''
    if (!/^multipart\/form-data/i.test(contentType))
      throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in the field "file"')
    const declared = Number(c.req.header('content-length') ?? NaN)
    if (declared > deps.limits.uploadBytes + 64 * 1024)
      throw new GatewayError('PAYLOAD_TOO_LARGE', `The upload is larger than the ${deps.limits.uploadBytes} byte limit`)
    const incoming = c.env?.incoming
    const source = incoming ?? (c.req.raw.body ? Readable.fromWeb(c.req.raw.body as never) : null)
    if (!source) throw new GatewayError('VALIDATION_FAILED', 'The multipart field "file" is missing')
    const upload = await receiveUpload({ source, contentType, dir, maxBytes: deps.limits.uploadBytes }).catch((error: unknown) => {
      c.header('Connection', 'close')
      throw error
    })
    const print = /^(1|true|yes)$/i.test(upload.fields.print ?? '')
    // A caller who may not print is refused before the file is kept (the field can follow the file part).
    if (print) await refuseUnlessScope(c, 'control', upload.tempPath)
    const record = await storeReceivedUpload(deps, upload)
    const id = record.id
    const job = print
      ? orchestrator.createFromFile({ fileId: id, userId: upload.fields.user_id ?? null, allowFirmwareCommands: callerHasScope(c, 'admin') })
      : null
    c.header('Location', `/api/files/${id}`)
    return c.json({ ...toFileView(record, job !== null), job: job ? toPrintStatus(job) : null }, 201)
  })

  app.openapi(listFiles, (c) =>
    c.json(
      files.list().map((f) => toFileView(f, orchestrator.isFileInUse(f.id))),
      200,
    ),
  )

  app.openapi(getFile, (c) => {
    const file = mustGet(c.req.valid('param').id)
    return c.json(toFileView(file, orchestrator.isFileInUse(file.id)), 200)
  })

  app.openapi(fileContent, (c) => {
    const file = mustGet(c.req.valid('param').id)
    const path = join(dir, file.storedName)
    if (!existsSync(path)) throw new GatewayError('FILE_NOT_FOUND', `File ${file.id} is missing on disk`)
    c.header('Content-Type', file.kind === 'stl' ? 'model/stl' : 'text/x-gcode')
    c.header('Content-Length', String(file.size))
    c.header('Content-Disposition', `attachment; filename="${encodeURIComponent(file.name)}"`)
    c.header('X-Content-Type-Options', 'nosniff')
    return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream, 200) as never
  })

  app.openapi(deleteFile, async (c) => {
    const file = mustGet(c.req.valid('param').id)
    if (orchestrator.isFileInUse(file.id)) throw new GatewayError('FILE_IN_USE', `"${file.name}" is used by a job that is queued or printing`)
    try {
      files.delete(file.id)
      await rm(join(dir, file.storedName), { force: true })
    } catch (error) {
      if (!isDiskFull(error)) throw error
      // A full disk can refuse even a delete (SQLite appends it to the WAL): free the file's space first.
      await rm(join(dir, file.storedName), { force: true })
      files.delete(file.id)
    }
    return c.body(null, 204)
  })

  return app
}
