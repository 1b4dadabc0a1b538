// createCompat: the OctoPrint, PrusaLink and Moonraker surfaces slicers and phone apps speak (only GET /api/printer is in the OpenAPI).
import type { OpenAPIHono } from '@hono/zod-openapi'
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { createErrorHandler } from '../api/errors.js'
import { isGatewayError } from '../core/errors.js'
import { createAppKeyRoutes } from './app-key-routes.js'
import { createAppKeyRequests } from './app-keys.js'
import type { CompatDeps } from './deps.js'
import { installUuid } from './install-id.js'
import { createAppDatabaseRepo, createMemoryAppDatabase } from '../storage/app-database-repo.js'
import { createAppDatabase } from './app-database.js'
import { createMoonrakerMethods } from './moonraker-methods.js'
import { createMoonrakerRoutes } from './moonraker-routes.js'
import { createOctoPrintFileRoutes } from './octoprint-files-routes.js'
import { createOctoPrintInfoRoutes } from './octoprint-info-routes.js'
import { createOctoPrintPrinterDoc, createOctoPrintPrinterRoutes } from './octoprint-printer-routes.js'
import { createPushHub, type PushHub } from './octoprint-push.js'
import { createPrintControl } from './print-control.js'
import { createPrinterWatch } from './printer-watch.js'
import { createPushRoutes } from './push-transports.js'
import { createPushSessions } from './push-sessions.js'
import type { NodeBindings } from './request-body.js'
import { createUploadRoutes } from './upload-routes.js'

export type { AppsHooks, CompatDeps } from './deps.js'

export interface Compat {
  /** Mount with `app.route('/', compat.routes)` before the gateway's own routes (hidden from the OpenAPI). */
  routes: Hono<{ Bindings: NodeBindings }>
  /** OctoPrint's `GET /api/printer`, documented: mount on the OpenAPIHono app. */
  documented: OpenAPIHono
  push: PushHub
  /** The install's UUID (OctoPrint's upnpUuid, the zeroconf TXT `uuid`). */
  uuid: string
  dispose(): void
}

/** Uploads become normal printgate jobs; push and JSON-RPC sockets are served when `upgradeWebSocket` is given. */
export function createCompat(deps: CompatDeps): Compat {
  const control = createPrintControl(deps)
  const watch = createPrinterWatch(deps.printer, deps.now)
  const sessions = createPushSessions(deps.apps?.credentials)
  const push = createPushHub({ deps, control, watch, sessions, clock: deps.clock })
  const uuid = installUuid(deps.apps?.db)
  const facts = () => ({ name: deps.apps?.printerName ?? 'printgate', uuid, webcam: deps.apps?.webcams?.()[0] ?? null })

  const app = new Hono<{ Bindings: NodeBindings }>()
  const gatewayErrors = createErrorHandler(deps.logger)
  // Cura shows an error body to the user only when it is text/plain; everyone else gets printgate's JSON body.
  app.onError((error, c) => {
    if (isGatewayError(error) && /^Cura\//.test(c.req.header('user-agent') ?? '')) return c.text(error.message, error.status as ContentfulStatusCode)
    return gatewayErrors(error, c)
  })
  app.route('/', createOctoPrintInfoRoutes(deps, control, sessions, facts))
  app.route('/', createOctoPrintPrinterRoutes(deps, watch))
  app.route('/', createOctoPrintFileRoutes(deps))
  app.route('/', createUploadRoutes(deps, control))
  app.route(
    '/',
    createPushRoutes(push, {
      ...(deps.upgradeWebSocket ? { upgradeWebSocket: deps.upgradeWebSocket } : {}),
      clock: deps.clock,
      logger: deps.logger,
    }) as unknown as Hono,
  )
  app.route('/', createAppKeyRoutes(deps.apps?.credentials ? createAppKeyRequests(deps.apps.credentials, deps.clock) : null))
  const database = createAppDatabase(deps.apps?.db ? createAppDatabaseRepo(deps.apps.db) : createMemoryAppDatabase())
  const methods = createMoonrakerMethods({ deps, control, watch, database })
  app.route('/', createMoonrakerRoutes(deps, { methods, sessions, ...(deps.upgradeWebSocket ? { upgradeWebSocket: deps.upgradeWebSocket } : {}) }))
  return {
    routes: app,
    documented: createOctoPrintPrinterDoc(deps, watch),
    push,
    uuid,
    dispose() {
      push.dispose()
      watch.dispose()
    },
  }
}
