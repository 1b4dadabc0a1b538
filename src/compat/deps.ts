// What the app-compatibility routes need: the gateway's own API dependencies, printgate's version and the apps' hooks.
import type { UpgradeWebSocket } from 'hono/ws'
import type { ApiDeps } from '../api/deps.js'
import type { Scope } from '../auth/scopes.js'
import type { Clock } from '../core/clock.js'
import type { Db } from '../storage/db.js'

/** One configured camera, as the camera module describes it (OctoPrint's `settings.webcam`, Moonraker's webcam list). */
export interface WebcamInfo {
  name: string
  streamUrl: string
  snapshotUrl: string
  fps?: number
  idleFps?: number
  rotate?: 0 | 90 | 180 | 270
  flipHorizontal?: boolean
  flipVertical?: boolean
  uid?: string
}

/** src/auth's credentials, seen through the two things apps need: issue a key, and ask whether one is still live. */
export interface AppCredentials {
  issue(name: string, scopes: readonly Scope[]): { token: string; id: string }
  isLive(tokenId: string): boolean
}

/** Optional parts the composition root plugs in; without them the matching surface answers as absent. */
export interface AppsHooks {
  /** App keys and passive-login sessions need it; without it `/plugin/appkeys/probe` is 404. */
  credentials?: AppCredentials
  /** Moonraker's database namespaces and the install's UUID live here; in memory without it. */
  db?: Db
  /** Configured cameras (the camera module plugs in here); none by default. */
  webcams?: () => WebcamInfo[]
  /** Shown as OctoPrint's `appearance.name` and Moonraker's hostname. */
  printerName?: string
}

export interface CompatDeps extends Pick<ApiDeps, 'orchestrator' | 'jobs' | 'files' | 'printer' | 'plan' | 'dataDir' | 'logger' | 'now' | 'limits'> {
  /** printgate's own version, shown after "OctoPrint 1.10.0" in `/api/version`. */
  version: string
  clock: Clock
  apps?: AppsHooks
  /** From createNodeWebSocket; without it the push and JSON-RPC sockets are not served. */
  upgradeWebSocket?: UpgradeWebSocket
}
