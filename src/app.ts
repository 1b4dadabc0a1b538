// createApp(deps): the Hono app with every route, the WebSocket hub and the UI; no listening, no config reading.
import { OpenAPIHono } from '@hono/zod-openapi'
import { createNodeWebSocket } from '@hono/node-ws'
import { ensureErrorEvent } from './api/error-event.js'
import type { Context, Hono, MiddlewareHandler } from 'hono'
import { requestId } from 'hono/request-id'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Server } from 'node:http'
import type { Http2SecureServer, Http2Server } from 'node:http2'
import type { Clock } from './core/clock.js'
import type { ApiDeps } from './api/deps.js'
import { registerDocs } from './api/docs.js'
import { createErrorHandler, notFound, validationHook } from './api/errors.js'
import { createHealthRoutes, type HealthCheck } from './api/health.js'
import { jsonBodyLimit } from './api/json-limit.js'
import { requestLog } from './api/request-log.js'
import { createFileRoutes } from './api/routes/files.js'
import { createHousekeepingRoutes } from './api/routes/housekeeping.js'
import { createPrinterRoutes, toPrinterView } from './api/routes/printer.js'
import { callerHasScope } from './auth/access-control.js'
import { createPrintersRoutes } from './api/routes/printers.js'
import { createControlRoutes } from './api/routes/control.js'
import { createPreviewRoutes } from './api/routes/preview.js'
import { createRecoveryRoutes } from './api/routes/recovery.js'
import { loadFirmwareProfiles } from './profiles/load.js'
import { createRecoveryService } from './recovery/recovery-service.js'
import type { FleetEntry } from './mqtt/bridge.js'
import { createFleetRoutes } from './mqtt/fleet-route.js'
import { createWorkflowRoutes } from './api/routes/workflows.js'
import { createCompat, type AppsHooks } from './compat/index.js'
import { createWsHub, type WsHub, type WsHubDeps } from './api/ws-hub.js'
import { serveUi } from './api/static/serve-ui.js'

/** The security module plugs in here (src/auth): middleware before all routes (it also guards WebSocket upgrades) and the frame cap. */
export interface SecurityHook {
  middleware?: MiddlewareHandler[]
  /** Largest WebSocket frame a client may send; bigger ones close the socket with 1009 (default 64 KiB). */
  wsMaxPayloadBytes?: number
}

export interface AppDeps extends ApiDeps {
  clock: Clock
  version: string
  startedAt: number
  checkDatabase: () => void
  jsonLimitBytes?: number
  corsOrigins?: string[]
  security?: SecurityHook
  /** Extra /health checks (Pi SoC temperature, throttling …) from src/ops. */
  extraHealthChecks?: () => Promise<Record<string, HealthCheck>>
  ws?: WsHubDeps['options']
  /** Camera routes (src/camera): /webcam/, /api/timelapse, /api/camera, /downloads/. */
  camera?: { routes: Hono }
  /** Notification settings and web push routes (src/notify). */
  notify?: { routes: Hono }
  /** Gateways on the same MQTT broker (src/mqtt); null when MQTT is off. */
  fleet?: (() => FleetEntry[]) | null
  /** Folder of the phone UI; defaults to src/ui beside this module. */
  uiRoot?: string
  /** What phone apps need beyond the API (src/compat): credentials for app keys, the database, cameras. */
  apps?: AppsHooks
}

export interface GatewayApp {
  app: OpenAPIHono
  hub: WsHub
  injectWebSocket(server: Server | Http2Server | Http2SecureServer): void
  dispose(): void
}

const DEFAULT_UI_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'ui')

/** The park position of a firmware profile (the generic one's when the printer has not said which it is). */
function parkOf(profileId: string | undefined): { x: number; y: number; zLift: number } {
  const profiles = loadFirmwareProfiles()
  const profile = (profileId ? profiles.get(profileId) : undefined) ?? profiles.get('generic') ?? [...profiles.values()][0]
  return profile ? profile.park : { x: 0, y: 0, zLift: 10 }
}

export function createApp(deps: AppDeps): GatewayApp {
  const app = new OpenAPIHono({ defaultHook: validationHook })
  ensureErrorEvent()
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app })
  wss.options.maxPayload = deps.security?.wsMaxPayloadBytes ?? 64 * 1024
  // Compressed frames (small window, so about 24 KB per socket): the printer and job messages repeat the same keys.
  wss.options.perMessageDeflate = { threshold: 128, serverMaxWindowBits: 12, zlibDeflateOptions: { level: 6, memLevel: 4 } }
  const hub = createWsHub({
    temperatureHistory: deps.temperatureHistory,
    orchestrator: deps.orchestrator,
    printer: deps.printer,
    jobs: deps.jobs,
    clock: deps.clock,
    logger: deps.logger,
    now: deps.now,
    ...(deps.ws ? { options: deps.ws } : {}),
    ...(deps.printers ? { printers: deps.printers.list() } : {}),
  })

  app.onError(createErrorHandler(deps.logger))
  app.notFound(notFound)
  app.use('*', requestId(), requestLog(deps.logger))
  app.use('*', secureHeaders({ crossOriginEmbedderPolicy: false, strictTransportSecurity: false }))
  if (deps.corsOrigins?.length) app.use('/api/*', cors({ origin: deps.corsOrigins, exposeHeaders: ['X-Total-Count', 'Location'] }))

  // ── security hook: src/auth wires itself here (middleware before every route) ──
  for (const middleware of deps.security?.middleware ?? []) app.use('*', middleware)
  // ── end of security hook ──

  app.use('/api/*', jsonBodyLimit(deps.jsonLimitBytes ?? 1024 * 1024))

  app.route('/', createFleetRoutes(deps.fleet ?? null))
  // cameras first: their /api/timelapse replaces the apps' empty one
  if (deps.camera) app.route('/', deps.camera.routes as unknown as OpenAPIHono)
  if (deps.notify) app.route('/', deps.notify.routes as unknown as OpenAPIHono)
  // phone apps and slicers (OctoPrint, PrusaLink, Moonraker) before the gateway's routes: /api/files/local must not reach /api/files/{id}
  const compat = createCompat({ ...deps, upgradeWebSocket })
  app.route('/', compat.routes as unknown as OpenAPIHono)
  app.route('/', compat.documented)
  app.route('/', createWorkflowRoutes(deps))
  app.route('/', createFileRoutes(deps) as unknown as OpenAPIHono)
  app.route('/', createHousekeepingRoutes(deps))
  app.route('/', createPrinterRoutes(deps))
  app.route('/', createPrintersRoutes(deps))
  app.route('/', createControlRoutes(deps))
  app.route('/', createPreviewRoutes(deps))
  app.route(
    '/',
    createRecoveryRoutes({
      jobs: deps.jobs,
      recovery: createRecoveryService({
        ...deps,
        park: () => parkOf(deps.printer.status().firmware?.profile),
        firmwareOffer: () => deps.printer.status().firmwareRecovery ?? null,
      }),
    }),
  )
  const health = createHealthRoutes({
    version: deps.version,
    startedAt: deps.startedAt,
    checkDatabase: deps.checkDatabase,
    printer: deps.printer,
    findSlicer: () => deps.plan.findSlicer(),
    checkIntentParser: () => void deps.plan.parseIntent('print a 20 mm cube in PLA'),
    dataDir: deps.dataDir,
    activeWorkflows: () => deps.jobs.count(['pending', 'research_phase', 'cad_phase', 'slicing_phase', 'printing_phase', 'queued', 'paused']),
    totalCompleted: () => deps.jobs.count(['completed']),
    connections: () => hub.clientCount(),
    ...(deps.extraHealthChecks ? { extraChecks: deps.extraHealthChecks } : {}),
  })
  app.route('/', health.app)
  registerDocs(app)

  app.get(
    '/ws/progress',
    upgradeWebSocket((c) => hub.events(c.req.query('job_id') || undefined)),
  )

  // Preflight answers without CORS headers when CORS is off (the browser then refuses, as intended).
  app.options('*', (c) => c.body(null, 204))

  const uiRoot = deps.uiRoot ?? DEFAULT_UI_ROOT
  if (existsSync(uiRoot)) {
    const onBundleProblem = (problem: string) => deps.logger.warn('phone UI served as separate modules: esbuild could not bundle app.js', { problem })
    // The page carries the printer's first state for callers that may read it (the same view as GET /api/printer/status).
    const firstState = (c: Context) => (callerHasScope(c, 'read') ? toPrinterView(deps.printer.status(), deps) : null)
    app.get('/*', serveUi(uiRoot, { onBundleProblem, firstState }))
  }

  return {
    app,
    hub,
    injectWebSocket,
    dispose() {
      hub.close()
      compat.dispose()
      health.dispose()
    },
  }
}
