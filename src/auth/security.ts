// Composes printgate's security: one middleware chain for createApp, the WebSocket limits, first-run keys, pairing.
import type { MiddlewareHandler } from 'hono'
import { every } from 'hono/combine'
import { hostname, networkInterfaces } from 'node:os'
import { z } from 'zod'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { PrinterService } from '../printer/types.js'
import type { Db } from '../storage/db.js'
import { accessControl } from './access-control.js'
import { authRoutes } from './auth-routes.js'
import { bodyCap, deepJsonGuard } from './body-cap.js'
import { createClientAddress, type AddressSource } from './client-address.js'
import { consoleAccess, consoleGuard } from './console-guard.js'
import { corsPolicy } from './cors-policy.js'
import { lanGuard } from './lan-guard.js'
import { createPairing, type Pairing } from './pairing.js'
import { createRateLimiter } from './rate-limit.js'
import { SCOPES } from './scopes.js'
import { securityHeaders } from './security-headers.js'
import { createTokenStore, type TokenStore } from './token-store.js'
import { createLiveSockets } from './live-sockets.js'
import { securityOptionsSchema, type SecurityOptions } from './config.js'
import { slowBodyGuard } from './slow-body.js'
import { createSocketSlots } from './socket-slots.js'
import { webSocketGuard } from './ws-guard.js'

export { securityOptionsSchema, type SecurityOptions } from './config.js'

/** The machine's interface addresses, re-read at most every 30 s (DHCP may change them). */
function machineAddresses(clock: Clock): () => readonly string[] {
  let cached: string[] = []
  let readAt = -Infinity
  return () => {
    if (clock.now() - readAt > 30_000) {
      cached = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address))
      readAt = clock.now()
    }
    return cached
  }
}

export interface SecurityDeps {
  db: Db
  clock: Clock
  logger: Logger
  /** For showing pairing codes with M117. */
  printer?: Pick<PrinterService, 'sendCommand' | 'status' | 'events'>
  options?: z.input<typeof securityOptionsSchema>
  /** Where requests come from; the socket's address by default (tests inject one). */
  addressSource?: AddressSource
}

export interface Security {
  /** Apply before every route: `app.use('*', security.middleware)`. Also serves /api/auth/*. */
  middleware: MiddlewareHandler
  /** What createApp's `deps.security` takes: this chain before every route (it also guards WebSocket upgrades) and the frame cap. */
  hook: { middleware: MiddlewareHandler[]; wsMaxPayloadBytes: number }
  /** Kept for callers; the socket slots (socket-slots.ts) count /ws/progress, /sockjs and /websocket themselves. */
  countWebSocketsWith(count: () => number): void
  /** First run: creates and logs the admin API key; opens a pairing window when configured. */
  start(): { adminKey: string | null; pairingCode: string | null }
  close(): void
  store: TokenStore
  pairing: Pairing
  options: SecurityOptions
}

/**
 * Builds the chain: security headers → LAN guard → CORS → body cap → access control → WebSocket
 * upgrade guard (and socket tracking for revocation) → console G-code guard → /api/auth routes.
 * `store.revoke` here also closes the live WebSockets of that credential.
 * @example
 * const security = createSecurity({ db, clock, logger, printer })
 * const gateway = createApp({ ...deps, security: security.hook })
 * security.countWebSocketsWith(() => gateway.hub.clientCount()); security.start()
 */
export function createSecurity({ db, clock, logger, printer, options: raw = {}, addressSource }: SecurityDeps): Security {
  const options = securityOptionsSchema.parse(raw)
  const log = logger.child({ component: 'security' })
  const liveSockets = createLiveSockets()
  const baseStore = createTokenStore(db)
  // Revoking through the gateway also drops the WebSockets that credential opened.
  const store: TokenStore = {
    ...baseStore,
    revoke(id) {
      const revoked = baseStore.revoke(id)
      if (revoked) liveSockets.dropFor(id)
      return revoked
    },
  }
  const pairing = createPairing({
    store,
    clock,
    printer,
    logger: log,
    codeTtlMs: options.pairingCodeTtlMs,
    lockMs: options.pairingLockMs,
    maxFailures: options.pairingMaxFailures,
  })
  const clientAddress = createClientAddress({ source: addressSource, trustedProxies: options.trustedProxies })
  const own = hostname()
  const slots = createSocketSlots({
    total: options.wsMaxConnections,
    reservedForAdmin: Math.min(options.wsReservedForAdmin, options.wsMaxConnections - 1),
    perCredential: options.wsMaxPerCredential,
    perAddress: options.wsMaxPerAddress,
  })
  const badCredentialWarned = new Map<string, number>()
  const warnBadCredential = (address: string | undefined) => {
    const key = address ?? 'unknown'
    const last = badCredentialWarned.get(key)
    if (last !== undefined && clock.now() - last < 10 * 60_000) return
    if (badCredentialWarned.size > 1000) badCredentialWarned.clear()
    badCredentialWarned.set(key, clock.now())
    log.warn('refused a wrong or revoked API key / token', { address: key })
  }

  const middleware = every(
    slowBodyGuard({ bodyTimeoutMs: options.bodyTimeoutMs, logger: log }),
    securityHeaders(),
    lanGuard({ clientAddress, allowPublic: options.allowPublic, allowedNetworks: options.allowedNetworks, logger: log }),
    corsPolicy(options.corsOrigins),
    bodyCap({ maxBytes: options.jsonLimitBytes }),
    accessControl({
      store,
      clientAddress,
      anonymousRead: options.anonymousRead,
      trustLoopback: options.trustLoopback,
      ownHostNames: [own, `${own}.local`, ...options.hostNames],
      ownAddresses: machineAddresses(clock),
      adjustAccess: consoleAccess,
      onBadCredential: warnBadCredential,
    }),
    deepJsonGuard,
    webSocketGuard({ slots, allowedOrigins: options.corsOrigins, logger: log }),
    liveSockets.track,
    consoleGuard(),
    authRoutes({ store, pairing, anonymousRead: options.anonymousRead, publicLimiter: createRateLimiter({ clock, burst: 10, everyMs: 6_000 }) }),
  )

  return {
    middleware,
    hook: { middleware: [middleware], wsMaxPayloadBytes: options.wsMaxPayloadBytes },
    store,
    pairing,
    options,
    // The slots count every socket kind themselves at the upgrade; an outside count is no longer needed.
    countWebSocketsWith() {},
    start() {
      let adminKey: string | null = null
      if (store.countLive('admin') === 0) {
        adminKey = store.issue({ kind: 'admin', name: 'admin (first run)', scopes: SCOPES }).token
        log.warn(`first run: admin API key ${adminKey} (shown once; store it in your slicer; \`printgate token\` makes a new one)`, {
          adminKey,
        })
      }
      const pairingCode = options.pairOnStart ? pairing.start().code : null
      return { adminKey, pairingCode }
    },
    close: () => pairing.close(),
  }
}
