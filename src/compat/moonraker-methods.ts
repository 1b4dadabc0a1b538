// Moonraker's JSON-RPC methods on printgate: one table of name → scope + handler, shared by the WebSocket and the HTTP routes.
import { hostname } from 'node:os'
import { scopeForLines, checkConsoleLine } from '../auth/console-guard.js'
import type { Scope } from '../auth/scopes.js'
import { GatewayError } from '../core/errors.js'
import type { AppDatabase } from './app-database.js'
import type { CompatDeps } from './deps.js'
import { deleteGcode, diskSpace, factsOf, listGcode, mustFindGcode } from './file-catalogue.js'
import { translateScript } from './klipper-gcode.js'
import { KLIPPER_OBJECTS, klipperObjects, pickObjects, type ObjectStatus } from './klipper-objects.js'
import { moonrakerHistoryJob } from './moonraker-history.js'
import { moonrakerInfoBody } from './moonraker-info.js'
import { currentJobInfo, defaultPrinterModel } from './octoprint-info-routes.js'
import type { PrintControl } from './print-control.js'
import type { PrinterWatch } from './printer-watch.js'
import type { PushIdentity } from './push-sessions.js'

export type RpcParams = Record<string, unknown>

export interface RpcCall {
  identity: PushIdentity
  params: RpcParams
  /** Set by the WebSocket: where `printer.objects.subscribe` keeps the wanted objects. */
  subscribe?(objects: Record<string, readonly string[] | null>): void
  connectionId?: number
}

interface Method {
  scope: Scope
  run(call: RpcCall): Promise<unknown> | unknown
}

export interface MoonrakerDeps {
  deps: CompatDeps
  control: PrintControl
  watch: PrinterWatch
  database: AppDatabase
}

const str = (p: RpcParams, key: string): string => {
  const v = p[key]
  if (typeof v !== 'string' || v === '') throw new GatewayError('BAD_REQUEST', `"${key}" is required`)
  return v
}
const stripRoot = (path: string) => path.replace(/^\/?gcodes\//, '')

/** `{name: null | [fields]}` from JSON-RPC params (or `{}` = every object). */
function objectsParam(p: RpcParams): Record<string, readonly string[] | null> {
  const raw = p.objects
  if (raw === undefined) return Object.fromEntries(KLIPPER_OBJECTS.map((o) => [o, null]))
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new GatewayError('BAD_REQUEST', '"objects" must map object names to null or a list of fields')
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : null]))
}

export function createMoonrakerMethods({ deps, control, watch, database }: MoonrakerDeps) {
  const model = defaultPrinterModel(deps)
  const eventtime = () => deps.clock.now() / 1000
  const objects = (): ObjectStatus => {
    const info = currentJobInfo(deps, control)
    const layerCount = control.selected()?.analysis?.layerCount
    return klipperObjects({
      status: deps.printer.status(),
      fileName: info?.fileName ?? null,
      filamentMm: info?.filamentMm ?? null,
      layerCount: typeof layerCount === 'number' ? layerCount : null,
      fan: watch.fanSpeed(),
      lastPrint: watch.lastPrint(),
      model,
    })
  }
  const job = (command: 'pause' | 'resume' | 'cancel', who: string) =>
    control.run(command === 'cancel' ? { command: 'cancel' } : { command: 'pause', action: command }, who).then(() => 'ok')
  const fileEntry = (f: ReturnType<typeof factsOf>) => ({
    path: f.file.name,
    filename: f.file.name,
    modified: f.modified,
    size: f.file.size,
    permissions: 'rw',
  })

  const methods: Record<string, Method> = {
    'server.info': { scope: 'read', run: () => moonrakerInfoBody(deps).result },
    'server.connection.identify': { scope: 'read', run: (c) => ({ connection_id: c.connectionId ?? 0 }) },
    'server.websocket.id': { scope: 'read', run: (c) => ({ websocket_id: c.connectionId ?? 0 }) },
    'printer.info': {
      scope: 'read',
      run: () => {
        const ready = moonrakerInfoBody(deps).result.klippy_state === 'ready'
        return {
          state: ready ? 'ready' : 'startup',
          state_message: ready ? 'Printer is ready' : 'Printer is not connected',
          hostname: deps.apps?.printerName ?? hostname(),
          software_version: `printgate-${deps.version}`,
          cpu_info: '',
          klipper_path: '',
          python_path: '',
          log_file: '',
          config_file: '',
        }
      },
    },
    'printer.objects.list': { scope: 'read', run: () => ({ objects: [...KLIPPER_OBJECTS] }) },
    'printer.objects.query': { scope: 'read', run: (c) => ({ eventtime: eventtime(), status: pickObjects(objects(), objectsParam(c.params)) }) },
    'printer.objects.subscribe': {
      scope: 'read',
      run: (c) => {
        const wanted = objectsParam(c.params)
        c.subscribe?.(wanted)
        return { eventtime: eventtime(), status: pickObjects(objects(), wanted) }
      },
    },
    'printer.print.start': {
      scope: 'control',
      run: (c) => {
        control.printNow(mustFindGcode(deps, stripRoot(str(c.params, 'filename'))), c.identity.name)
        return 'ok'
      },
    },
    'printer.print.pause': { scope: 'control', run: (c) => job('pause', c.identity.name) },
    'printer.print.resume': { scope: 'control', run: (c) => job('resume', c.identity.name) },
    'printer.print.cancel': { scope: 'control', run: (c) => job('cancel', c.identity.name) },
    'printer.emergency_stop': { scope: 'control', run: () => deps.printer.emergencyStop().then(() => 'ok') },
    'printer.gcode.script': {
      scope: 'control',
      async run(c) {
        const steps = translateScript(str(c.params, 'script'))
        const lines = steps.flatMap((s) => (s.kind === 'line' ? [s.line] : []))
        for (const line of lines) {
          const check = checkConsoleLine(line)
          if (!check.ok) throw new GatewayError('GCODE_INVALID', `"${line}": ${check.reason}`)
        }
        if (lines.length && scopeForLines(lines) === 'admin' && !c.identity.scopes.includes('admin')) {
          throw new GatewayError('FORBIDDEN', 'These G-code commands need the admin scope; temperatures, fans, speed and messages need control', {
            detail: { needed: 'admin', granted: c.identity.scopes },
          })
        }
        for (const step of steps) {
          if (step.kind === 'line') await deps.printer.sendCommand(step.line)
          else await job(step.action, c.identity.name)
        }
        return 'ok'
      },
    },
    'server.files.list': { scope: 'read', run: () => listGcode(deps).map(fileEntry) },
    'server.files.get_directory': {
      scope: 'read',
      run: async () => {
        const space = await diskSpace(deps.dataDir)
        return {
          dirs: [],
          files: listGcode(deps).map(fileEntry),
          disk_usage: { total: space.total, used: space.total !== null && space.free !== null ? space.total - space.free : null, free: space.free },
          root_info: { name: 'gcodes', permissions: 'rw' },
        }
      },
    },
    'server.files.metadata': {
      scope: 'read',
      run: (c) => {
        const f = factsOf(mustFindGcode(deps, stripRoot(str(c.params, 'filename'))))
        return {
          filename: f.file.name,
          size: f.file.size,
          modified: f.modified,
          estimated_time: f.estimatedSeconds,
          filament_total: f.filamentMm,
          layer_count: f.layerCount,
          thumbnails: [],
          print_start_time: null,
          job_id: null,
        }
      },
    },
    'server.files.delete_file': {
      scope: 'files',
      run: async (c) => {
        const file = await deleteGcode(deps, stripRoot(str(c.params, 'path')))
        return { item: { path: file.name, root: 'gcodes', size: file.size, modified: factsOf(file).modified, permissions: 'rw' }, action: 'delete_file' }
      },
    },
    'server.history.list': {
      scope: 'read',
      run: (c) => {
        const limit = Math.max(1, Math.min(500, Number(c.params.limit ?? 50) || 50))
        const start = Math.max(0, Number(c.params.start ?? 0) || 0)
        const page = deps.jobs.list({ limit, offset: start })
        const jobs = page.items.filter((j) => j.source === 'gcode' || j.startedAt).map((j) => moonrakerHistoryJob(deps, j))
        return { count: page.total, jobs }
      },
    },
    'server.webcams.list': {
      scope: 'read',
      run: () => ({
        webcams: (deps.apps?.webcams?.() ?? []).map((w) => ({
          name: w.name,
          location: 'printer',
          service: 'mjpegstreamer',
          enabled: true,
          icon: 'mdiWebcam',
          target_fps: w.fps ?? 15,
          target_fps_idle: w.idleFps ?? 5,
          stream_url: w.streamUrl,
          snapshot_url: w.snapshotUrl,
          flip_horizontal: w.flipHorizontal ?? false,
          flip_vertical: w.flipVertical ?? false,
          rotation: w.rotate ?? 0,
          aspect_ratio: '16:9',
          extra_data: {},
          source: 'config',
          uid: w.uid ?? w.name,
        })),
      }),
    },
    'server.database.list': { scope: 'read', run: () => database.list() },
    'server.database.get_item': { scope: 'read', run: (c) => database.get(c.params.namespace, c.params.key === undefined ? undefined : String(c.params.key)) },
    'server.database.post_item': {
      scope: 'control',
      run: (c) => database.post(c.params.namespace, c.params.key === undefined ? undefined : String(c.params.key), c.params.value),
    },
    'server.database.delete_item': {
      scope: 'control',
      run: (c) => database.remove(c.params.namespace, c.params.key === undefined ? undefined : String(c.params.key)),
    },
  }

  return {
    objects,
    eventtime,
    /** Runs one method for `identity`; GatewayError RPC_METHOD_NOT_FOUND / FORBIDDEN / the method's own. */
    async call(method: string, call: RpcCall): Promise<unknown> {
      const m = Object.hasOwn(methods, method) ? methods[method] : undefined
      if (!m) throw new GatewayError('RPC_METHOD_NOT_FOUND', `Method not found: ${method}`)
      if (!call.identity.scopes.includes(m.scope))
        throw new GatewayError('FORBIDDEN', `${method} needs the ${m.scope} scope`, { detail: { needed: m.scope, granted: call.identity.scopes } })
      return m.run(call)
    },
  }
}

export type MoonrakerMethods = ReturnType<typeof createMoonrakerMethods>
