// createCompatRoutes: the OctoPrint, PrusaLink and Moonraker surface desktop slicers upload to (hidden from OpenAPI).
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { createErrorHandler } from '../api/errors.js'
import { isGatewayError } from '../core/errors.js'
import type { CompatDeps } from './deps.js'
import { createMoonrakerRoutes } from './moonraker-routes.js'
import { createOctoPrintInfoRoutes } from './octoprint-info-routes.js'
import { createPrintControl } from './print-control.js'
import type { NodeBindings } from './request-body.js'
import { createUploadRoutes } from './upload-routes.js'

export type { CompatDeps } from './deps.js'
export { octoPrintPrinterFields, consoleCommandsOf, octoPrintDialect } from './shared-routes.js'
export { startDiscovery } from './discovery.js'

/**
 * Mount with `app.route('/', createCompatRoutes(deps))`. Uploads stream through the gateway's own
 * receiver and file store and become normal printgate jobs. `GET /api/printer` and
 * `POST /api/printer/command` stay the gateway's routes, extended by `shared-routes.ts`.
 */
export function createCompatRoutes(deps: CompatDeps): Hono<{ Bindings: NodeBindings }> {
  const control = createPrintControl(deps)
  const app = new Hono<{ Bindings: NodeBindings }>()
  const gatewayErrors = createErrorHandler(deps.logger)
  // Cura shows an error body to the user only when it is text/plain; everyone else gets printgate's JSON body.
  app.onError((error, c) => {
    if (isGatewayError(error) && /^Cura\//.test(c.req.header('user-agent') ?? '')) return c.text(error.message, error.status as ContentfulStatusCode)
    return gatewayErrors(error, c)
  })
  app.route('/', createOctoPrintInfoRoutes(deps, control))
  app.route('/', createUploadRoutes(deps, control))
  app.route('/', createMoonrakerRoutes(deps))
  return app
}
