// Slicer uploads: OctoPrint multipart (+ select/print), PrusaLink PUT, Moonraker multipart; all land in printgate's file store.
import { statfs } from 'node:fs/promises'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { callerHasScope, requireScope } from '../auth/access-control.js'
import { refuseUnlessScope } from '../api/routes/files.js'
import { GatewayError } from '../core/errors.js'
import type { FileRecord } from '../jobs/types.js'
import type { CompatDeps } from './deps.js'
import { isTruthy } from './form-values.js'
import { findUploadedFile, ingestUpload } from './ingest.js'
import type { PrintControl } from './print-control.js'
import { bodySource, checkDeclaredLength, rawBodyAsMultipart, type NodeBindings } from './request-body.js'
import { callerName, encodePath, readCommand, requestOrigin } from './request-context.js'

const FileCommandBody = z.strictObject({
  command: z.enum(['select', 'unselect']),
  print: z.union([z.boolean(), z.string()]).optional(),
})

type App = Hono<{ Bindings: NodeBindings }>

/** The OctoPrint upload answer (pre-2.0 shape) plus printgate's own ids. */
function octoPrintUploadBody(origin: string, file: FileRecord, displayPath: string, select: boolean, print: boolean, jobId: string | null) {
  const resource = `${origin}/api/files/local/${encodePath(displayPath)}`
  return {
    files: {
      local: {
        name: file.name,
        path: displayPath,
        display: file.name,
        origin: 'local',
        refs: { resource, download: `${origin}/api/files/${file.id}/content` },
      },
    },
    done: true,
    effectiveSelect: select,
    effectivePrint: print,
    printgate: { file_id: file.id, job_id: jobId },
  }
}

/** Refuses (and removes) an upload that asks to print from a caller without the control scope. */
const printNeedsControl = (c: Context) => async (fields: Record<string, string>, tempPath: string) => {
  if (isTruthy(fields.print)) await refuseUnlessScope(c, 'control', tempPath)
}

export function createUploadRoutes(deps: CompatDeps, control: PrintControl): App {
  const app: App = new Hono()

  // OctoPrint: multipart `file`, `path`, `select`, `print`; sdcard is stored in the same place.
  const upload = async (c: Context<{ Bindings: NodeBindings }>) => {
    checkDeclaredLength(c, deps.limits.uploadBytes)
    const { file, displayPath, fields } = await ingestUpload(deps, {
      source: bodySource(c),
      contentType: c.req.header('content-type') ?? '',
      beforeStore: printNeedsControl(c),
    })
    const print = isTruthy(fields.print)
    const select = print || isTruthy(fields.select)
    if (print) requireScope(c, 'control')
    const job = print ? control.enqueue(file, callerName(c), callerHasScope(c, 'admin')) : null
    if (select && !print) control.select(file)
    const origin = requestOrigin(c)
    c.header('Location', `${origin}/api/files/local/${encodePath(displayPath)}`)
    return c.json(octoPrintUploadBody(origin, file, displayPath, select, print, job?.id ?? null), 201)
  }
  // Separate routes, not a `{local|sdcard}` pattern: Hono's RegExpRouter does not group the alternation.
  app.post('/api/files/local', upload)
  app.post('/api/files/sdcard', upload)

  // Cura selects (and prints) after its own upload when it waits for analysis.
  const selectFile = async (c: Context<{ Bindings: NodeBindings }>) => {
    const body = await readCommand(c, FileCommandBody)
    const path = c.req.param('path') ?? ''
    const file = findUploadedFile(deps, path)
    if (!file) throw new GatewayError('FILE_NOT_FOUND', `No uploaded G-code named "${path}"`)
    if (body.command === 'select') {
      const print = body.print === true || (typeof body.print === 'string' && isTruthy(body.print))
      if (print) control.printNow(file, callerName(c), callerHasScope(c, 'admin'))
      else control.select(file)
    }
    return c.body(null, 204)
  }
  app.post('/api/files/local/:path{.+}', selectFile)
  app.post('/api/files/sdcard/:path{.+}', selectFile)

  // PrusaLink: which storages exist and how full they are (read-only or full ones are hidden by PrusaSlicer).
  app.get('/api/v1/storage', async (c) => {
    const fs = await statfs(deps.dataDir).catch(() => null)
    const free = fs ? fs.bavail * fs.bsize : null
    return c.json({ storage_list: [{ name: 'local', type: 'LOCAL', path: '/local', available: true, read_only: false, ro: false, free_space: free }] })
  })

  // PrusaLink: the raw G-code as the body; any Print-After-Upload value means "print".
  app.put('/api/v1/files/local/:path{.+}', async (c) => {
    checkDeclaredLength(c, deps.limits.uploadBytes)
    const fullPath = (c.req.param('path') ?? '').replace(/\\/g, '/')
    const slash = fullPath.lastIndexOf('/')
    const name = fullPath.slice(slash + 1)
    if (!name || /[\r\n]/.test(name)) throw new GatewayError('FILE_NAME_INVALID', `The file name ${JSON.stringify(name)} is not allowed`)
    const print = c.req.header('print-after-upload') !== undefined && c.req.header('print-after-upload') !== '?0'
    if (print) requireScope(c, 'control')
    const wrapped = rawBodyAsMultipart(bodySource(c), name, { path: slash > 0 ? fullPath.slice(0, slash) : '' })
    const { file, displayPath } = await ingestUpload(deps, { source: wrapped.stream, contentType: wrapped.contentType })
    const job = print ? control.enqueue(file, callerName(c), callerHasScope(c, 'admin')) : null
    c.header('Location', `${requestOrigin(c)}/api/v1/files/local/${encodePath(displayPath)}`)
    return c.json({ name: file.name, path: `/local/${displayPath}`, size: file.size, printgate: { file_id: file.id, job_id: job?.id ?? null } }, 201)
  })

  // Moonraker: `root=gcodes`, optional `path`, `print=true`, then `file` (only G-code is accepted, so any root means gcodes).
  app.post('/server/files/upload', async (c) => {
    checkDeclaredLength(c, deps.limits.uploadBytes)
    const { file, displayPath, fields } = await ingestUpload(deps, {
      source: bodySource(c),
      contentType: c.req.header('content-type') ?? '',
      beforeStore: printNeedsControl(c),
    })
    const print = isTruthy(fields.print)
    if (print) requireScope(c, 'control')
    const startsNow = print && deps.printer.status().state === 'operational' && deps.orchestrator.activeJobId() === null && deps.orchestrator.isBedClear()
    const job = print ? control.enqueue(file, callerName(c), callerHasScope(c, 'admin')) : null
    return c.json(
      {
        item: { path: displayPath, root: 'gcodes', modified: Date.parse(file.createdAt) / 1000, size: file.size, permissions: 'rw' },
        print_started: startsNow,
        print_queued: print && !startsNow,
        action: 'create_file',
        printgate: { file_id: file.id, job_id: job?.id ?? null },
      },
      201,
    )
  })

  return app
}
