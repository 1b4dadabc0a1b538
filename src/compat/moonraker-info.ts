// Moonraker's server.info for printgate: klippy_state `ready` while the Marlin printer is connected.
import type { CompatDeps } from './deps.js'

export const MOONRAKER_COMPAT_VERSION = 'v0.9.3'

export function moonrakerInfoBody(deps: Pick<CompatDeps, 'printer' | 'version'>, websocketCount = 0) {
  const state = deps.printer.status().state
  const ready = state === 'operational' || state === 'printing' || state === 'paused'
  return {
    result: {
      klippy_connected: ready,
      klippy_state: ready ? 'ready' : state === 'error' ? 'error' : 'disconnected',
      components: ['file_manager', 'history', 'database', 'webcam', 'octoprint_compat'],
      failed_components: [],
      registered_directories: ['gcodes'],
      warnings: [],
      websocket_count: websocketCount,
      moonraker_version: `${MOONRAKER_COMPAT_VERSION}-printgate-${deps.version}`,
      api_version: [1, 5, 0],
      api_version_string: '1.5.0',
    },
  }
}
