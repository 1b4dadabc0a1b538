// OctoPrint's read and control routes slicers call: version, settings, profiles, login, job, connection.
import { Hono } from 'hono'
import { z } from 'zod'
import { GatewayError } from '../core/errors.js'
import { callerHasScope } from '../auth/access-control.js'
import type { CompatDeps } from './deps.js'
import { activeFileName } from './ingest.js'
import type { Principal } from '../auth/access-control.js'
import {
  jobBody,
  printerProfilesBody,
  settingsBody,
  stateText,
  versionBody,
  type CompatJobInfo,
  type CompatPrinterModel,
  type SettingsFacts,
} from './octoprint-shapes.js'
import type { PushSessions } from './push-sessions.js'
import { JobCommandBody, type PrintControl } from './print-control.js'
import { callerName, readCommand } from './request-context.js'

const ConnectionBody = z.strictObject({
  command: z.enum(['connect', 'disconnect', 'fake_ack', 'repair']),
  port: z.string().min(1).max(300).optional(),
  baudrate: z.number().int().positive().max(4_000_000).optional(),
  printerProfile: z.string().max(100).optional(),
  save: z.boolean().optional(),
  autoconnect: z.boolean().optional(),
})

const FALLBACK_MODEL: CompatPrinterModel = { id: '_default', name: 'printgate printer', volume: { width: 220, depth: 220, height: 250 } }

/** The build volume of the default print profile's printer, for `/api/printerprofiles`. */
export function defaultPrinterModel(deps: Pick<CompatDeps, 'plan'>): CompatPrinterModel {
  try {
    const printer = deps.plan.resolvePrintProfile(null).printer as { id?: string; name?: string; buildVolume?: { x: number; y: number; z: number } }
    if (!printer.id || !printer.buildVolume) return FALLBACK_MODEL
    return {
      id: printer.id,
      name: printer.name ?? printer.id,
      volume: { width: printer.buildVolume.x, depth: printer.buildVolume.y, height: printer.buildVolume.z },
    }
  } catch {
    return FALLBACK_MODEL
  }
}

/** What `/api/job` shows: the running print's file, else the selected file. */
export function currentJobInfo(deps: Pick<CompatDeps, 'orchestrator' | 'jobs' | 'files'>, control: PrintControl): CompatJobInfo | null {
  const id = deps.orchestrator.activeJobId()
  const job = id ? deps.jobs.get(id) : null
  if (job) {
    const file = job.fileId ? deps.files.get(job.fileId) : null
    const name = file?.name ?? activeFileName(deps) ?? job.outputs.gcode?.split('/').pop() ?? null
    return { fileName: name, fileSize: file?.size ?? null, estimatedSeconds: job.estimatedSeconds, filamentMm: job.filamentMm }
  }
  const selected = control.selected()
  if (!selected) return null
  const analysis = (selected.analysis ?? {}) as { estimatedSeconds?: number | null; filamentMm?: number | null }
  return { fileName: selected.name, fileSize: selected.size, estimatedSeconds: analysis.estimatedSeconds ?? null, filamentMm: analysis.filamentMm ?? null }
}

const LoginBody = z.object({
  passive: z.boolean().optional(),
  user: z.string().max(100).optional(),
  pass: z.string().max(200).optional(),
  remember: z.boolean().optional(),
})

/** OctoPrint's user record; `session` only from a passive login, for the push socket's `auth` message. */
function userBody(principal: Pick<Principal, 'name' | 'scopes'> | null, session: string | null) {
  const scopes = principal?.scopes ?? []
  const permissions = [
    ...(scopes.includes('read') ? ['STATUS', 'CONNECTION', 'FILES_LIST', 'WEBCAM', 'TIMELAPSE_LIST'] : []),
    ...(scopes.includes('control') ? ['CONTROL', 'PRINT'] : []),
    ...(scopes.includes('files') ? ['FILES_UPLOAD', 'FILES_DELETE'] : []),
    ...(scopes.includes('admin') ? ['ADMIN'] : []),
  ]
  const admin = scopes.includes('admin')
  return {
    name: principal?.name ?? 'printgate',
    active: true,
    admin,
    user: true,
    apikey: null,
    session,
    groups: admin ? ['admins', 'users'] : ['users'],
    roles: admin ? ['user', 'admin'] : ['user'],
    permissions,
    needs: { role: permissions.map((p) => p.toLowerCase()), group: admin ? ['admins', 'users'] : ['users'] },
    _is_external_client: false,
  }
}

export function createOctoPrintInfoRoutes(deps: CompatDeps, control: PrintControl, sessions: PushSessions, facts: () => SettingsFacts): Hono {
  const { printer } = deps
  const app = new Hono()
  const model = defaultPrinterModel(deps)

  // PrusaSlicer's PrusaLink host switches to PUT uploads when it reads `upload-by-put`.
  app.get('/api/version', (c) => c.json({ ...versionBody(deps.version), capabilities: { 'upload-by-put': true } }))
  app.get('/api/server', (c) => c.json({ version: versionBody(deps.version).server, safemode: null }))
  app.get('/api/settings', (c) => c.json(settingsBody(facts())))
  app.get('/api/printerprofiles', (c) => c.json(printerProfilesBody([model], model.id)))

  // Passive login: the caller is already known by its key (or loopback); the answer carries a push session.
  // printgate has no user passwords, so a `user`/`pass` login is refused (403, as OctoPrint does for a wrong password).
  app.post('/api/login', async (c) => {
    const hasBody = c.req.header('content-length') !== '0' && (c.req.header('content-type') ?? '').includes('json')
    const body = hasBody ? await readCommand(c, LoginBody) : {}
    if (body.user !== undefined && !body.passive)
      throw new GatewayError('FORBIDDEN', 'printgate has no user passwords; log in passively with an API key or app key')
    const principal = (c.get('principal') as Principal | undefined) ?? {
      name: 'loopback',
      scopes: ['read', 'control', 'files', 'admin'] as const,
      tokenId: null,
    }
    return c.json(userBody(principal, sessions.open(principal)))
  })
  app.get('/api/currentuser', (c) => {
    const principal = (c.get('principal') as Principal | undefined) ?? null
    const user = userBody(principal, null)
    return c.json({ name: user.name, permissions: user.permissions, groups: user.groups })
  })
  app.get('/api/timelapse', (c) => c.json({ config: { type: 'off' }, enabled: false, files: [], unrendered: [] }))
  // Nothing to run: printgate offers no shutdown/reboot commands to apps (a gateway restart is systemd's job).
  app.get('/api/system/commands', (c) => c.json({ core: [], custom: [] }))
  app.get('/api/system/commands/:source', (c) => c.json([]))

  app.get('/api/job', (c) => c.json(jobBody(printer.status(), currentJobInfo(deps, control))))
  app.post('/api/job', async (c) => {
    await control.run(await readCommand(c, JobCommandBody), callerName(c), callerHasScope(c, 'admin'))
    return c.body(null, 204)
  })

  app.get('/api/connection', (c) => {
    const status = printer.status()
    const port = status.link.port
    return c.json({
      current: { state: stateText(status.state), port, baudrate: status.link.baud, printerProfile: model.id },
      options: {
        ports: port ? [port] : [],
        baudrates: [115200, 250000],
        printerProfiles: [{ id: model.id, name: model.name }],
        portPreference: port,
        baudratePreference: status.link.baud,
        printerProfilePreference: model.id,
        autoconnect: true,
      },
    })
  })
  app.post('/api/connection', async (c) => {
    const body = await readCommand(c, ConnectionBody)
    const state = printer.status().state
    if (body.command === 'connect') {
      if (state === 'disconnected' || state === 'error') {
        // OctoPrint answers at once and connects in the background; failures show in the state.
        printer
          .connect({ ...(body.port && body.port !== 'AUTO' ? { port: body.port } : {}), ...(body.baudrate ? { baud: body.baudrate } : {}) })
          .catch((error: unknown) => deps.logger.warn('connect requested by a slicer failed', { error }))
      }
      return c.body(null, 204)
    }
    if (body.command === 'disconnect') {
      if (state === 'printing' || state === 'paused') throw new GatewayError('PRINTER_BUSY', 'A print is running; cancel it before disconnecting')
      if (state !== 'disconnected') await printer.disconnect()
      return c.body(null, 204)
    }
    throw new GatewayError('BAD_REQUEST', `"${body.command}" is not supported by printgate`)
  })
  return app
}
