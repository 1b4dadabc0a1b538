// Housekeeping for a full (or filling) disk: what takes the space, largest first, and how to delete each.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { readdir, rm, stat, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { GatewayError } from '../../core/errors.js'
import { FINISHED_STATUSES } from '../../storage/job-records.js'
import type { ApiDeps } from '../deps.js'
import { validationHook } from '../errors.js'
import { errorResponses } from '../schemas.js'

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/

const Item = z.object({
  kind: z.enum(['file', 'timelapse', 'job']),
  name: z.string(),
  bytes: z.number(),
  /** A file queued or printing, or a live job's folder: not deletable now. */
  in_use: z.boolean(),
  delete: z.object({ method: z.literal('DELETE'), path: z.string() }).nullable(),
})
const Listing = z
  .object({ disk: z.object({ free_bytes: z.number().nullable(), total_bytes: z.number().nullable() }), items: z.array(Item) })
  .openapi('Housekeeping')
type ItemView = z.infer<typeof Item>

const list = createRoute({
  method: 'get',
  path: '/api/housekeeping',
  tags: ['system'],
  summary: 'What takes space on the data disk, largest first, with the request that deletes each',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
  responses: { 200: { description: 'Largest files, timelapses and job folders', content: { 'application/json': { schema: Listing } } } },
})
const removeJob = createRoute({
  method: 'delete',
  path: '/api/housekeeping/jobs/{id}',
  tags: ['system'],
  summary: "Delete a finished job's files (G-code, model, frames); its record stays",
  request: { params: z.object({ id: z.string().regex(JOB_ID) }) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
})

async function folderBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += await folderBytes(path)
    else if (entry.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0
  }
  return total
}

export function createHousekeepingRoutes(deps: Pick<ApiDeps, 'dataDir' | 'files' | 'jobs' | 'orchestrator'>): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const jobsDir = join(deps.dataDir, 'jobs')
  const jobIsLive = (id: string) => {
    const job = deps.jobs.get(id)
    return deps.orchestrator.activeJobId() === id || (job !== null && !FINISHED_STATUSES.includes(job.status))
  }

  app.openapi(list, async (c) => {
    const items: ItemView[] = deps.files.list().map((f) => {
      const inUse = deps.orchestrator.isFileInUse(f.id)
      return { kind: 'file', name: f.name, bytes: f.size, in_use: inUse, delete: inUse ? null : { method: 'DELETE', path: `/api/files/${f.id}` } }
    })
    for (const id of (await readdir(jobsDir).catch(() => [] as string[])).filter((n) => JOB_ID.test(n))) {
      const live = jobIsLive(id)
      const video = await stat(join(jobsDir, id, 'timelapse.mp4')).catch(() => null)
      if (video?.isFile())
        items.push({ kind: 'timelapse', name: `${id}.mp4`, bytes: video.size, in_use: false, delete: { method: 'DELETE', path: `/api/timelapse/${id}.mp4` } })
      const bytes = (await folderBytes(join(jobsDir, id))) - (video?.size ?? 0)
      if (bytes > 0)
        items.push({ kind: 'job', name: id, bytes, in_use: live, delete: live ? null : { method: 'DELETE', path: `/api/housekeeping/jobs/${id}` } })
    }
    items.sort((a, b) => b.bytes - a.bytes)
    const fs = await statfs(deps.dataDir).catch(() => null)
    const disk = { free_bytes: fs ? fs.bavail * fs.bsize : null, total_bytes: fs ? fs.blocks * fs.bsize : null }
    return c.json({ disk, items: items.slice(0, c.req.valid('query').limit) }, 200)
  })

  app.openapi(removeJob, async (c) => {
    const { id } = c.req.valid('param')
    const dir = join(jobsDir, id)
    if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new GatewayError('NOT_FOUND', `Job ${id} has no files`)
    if (jobIsLive(id)) throw new GatewayError('FILE_IN_USE', `Job ${id} is still queued, running or paused`)
    // the timelapse video stays (it has its own delete); everything else of the job goes
    for (const entry of await readdir(dir))
      if (entry !== 'timelapse.mp4' && entry !== 'snapshot.jpg') await rm(join(dir, entry), { recursive: true, force: true })
    return c.body(null, 204)
  })
  return app
}
