// OctoPrint's file list and file commands: GET /api/files/local[/path] (recursive accepted; the store is flat), DELETE.
import { Hono, type Context } from 'hono'
import type { CompatDeps } from './deps.js'
import { deleteGcode, diskSpace, factsOf, listGcode, mustFindGcode, type FileFacts } from './file-catalogue.js'
import { encodePath, requestOrigin } from './request-context.js'

/** One file as OctoPrint lists it (`type`, `refs`, `gcodeAnalysis` are what OctoApp and OctoPod read). */
export function octoPrintFileEntry(origin: string, facts: FileFacts) {
  const { file } = facts
  return {
    name: file.name,
    display: file.name,
    path: file.name,
    type: 'machinecode',
    typePath: ['machinecode', 'gcode'],
    origin: 'local',
    size: file.size,
    date: facts.modified,
    hash: file.sha256,
    refs: { resource: `${origin}/api/files/local/${encodePath(file.name)}`, download: `${origin}/api/files/${file.id}/content` },
    gcodeAnalysis: {
      estimatedPrintTime: facts.estimatedSeconds,
      filament: facts.filamentMm != null ? { tool0: { length: facts.filamentMm, volume: null } } : {},
    },
    prints: { success: 0, failure: 0 },
  }
}

export function createOctoPrintFileRoutes(deps: CompatDeps): Hono {
  const app = new Hono()
  const list = async (c: Context) => {
    const origin = requestOrigin(c)
    const space = await diskSpace(deps.dataDir)
    return c.json({ files: listGcode(deps).map((f) => octoPrintFileEntry(origin, f)), free: space.free, total: space.total })
  }
  const one = (c: Context) => c.json(octoPrintFileEntry(requestOrigin(c), factsOf(mustFindGcode(deps, c.req.param('path') ?? ''))))
  const remove = async (c: Context) => {
    await deleteGcode(deps, c.req.param('path') ?? '')
    return c.body(null, 204)
  }
  for (const origin of ['local', 'sdcard']) {
    app.get(`/api/files/${origin}`, list)
    app.get(`/api/files/${origin}/:path{.+}`, one)
    app.delete(`/api/files/${origin}/:path{.+}`, remove)
  }
  return app
}
