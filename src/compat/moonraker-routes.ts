// Moonraker's `GET /server/info`, enough for PrusaSlicer's "Klipper (via Moonraker)" host test.
import { Hono } from 'hono'
import type { CompatDeps } from './deps.js'

export const MOONRAKER_COMPAT_VERSION = 'v0.9.3'

export function moonrakerInfoBody(deps: Pick<CompatDeps, 'printer' | 'version'>) {
  const state = deps.printer.status().state
  const ready = state === 'operational' || state === 'printing' || state === 'paused'
  return {
    result: {
      klippy_connected: ready,
      klippy_state: ready ? 'ready' : state === 'error' ? 'error' : 'disconnected',
      components: ['file_manager', 'octoprint_compat'],
      failed_components: [],
      registered_directories: ['gcodes'],
      warnings: [],
      websocket_count: 0,
      moonraker_version: `${MOONRAKER_COMPAT_VERSION}-printgate-${deps.version}`,
      api_version: [1, 5, 0],
      api_version_string: '1.5.0',
    },
  }
}

export function createMoonrakerRoutes(deps: CompatDeps): Hono {
  const app = new Hono()
  app.get('/server/info', (c) => c.json(moonrakerInfoBody(deps)))
  return app
}
