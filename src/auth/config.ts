// The security section of the gateway's config (schema only, so src/config can compose it without loading src/auth).
import { z } from 'zod'

export const WS_MAX_PAYLOAD_BYTES = 64 * 1024
export const WS_MAX_CONNECTIONS = 32

export const securityOptionsSchema = z.strictObject({
  /** Serve clients outside loopback/RFC 1918/link-local/CGNAT/ULA (a warning is logged for each). */
  allowPublic: z.boolean().default(false),
  /** Extra networks (CIDRs) to serve besides the LAN ranges. */
  allowedNetworks: z.array(z.string()).default([]),
  /** Reverse proxies whose X-Forwarded-For is believed; empty means the header is ignored. */
  trustedProxies: z.array(z.string()).default([]),
  /** Anonymous LAN visitors may read status (temperatures, progress). Off by default. */
  anonymousRead: z.boolean().default(false),
  /** Requests from this machine need no credential. */
  trustLoopback: z.boolean().default(true),
  /** Exact origins allowed by CORS (no credentials) and to open the WebSocket. */
  corsOrigins: z.array(z.string()).default([]),
  jsonLimitBytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** A JSON or form body must be complete this long after its headers (slow-body guard). */
  bodyTimeoutMs: z.number().int().min(100).default(15_000),
  /** Open a pairing window (code on the printer display and in the log) at every start. */
  pairOnStart: z.boolean().default(true),
  pairingCodeTtlMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  pairingLockMs: z
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  pairingMaxFailures: z.number().int().min(1).max(20).default(5),
  /** The machine's own names a browser on the Pi may use with loopback trust. */
  hostNames: z.array(z.string()).default([]),
  wsMaxConnections: z.number().int().positive().default(WS_MAX_CONNECTIONS),
  /** Of wsMaxConnections, slots only an admin credential (or loopback) may take. */
  wsReservedForAdmin: z.number().int().min(0).default(4),
  /** Live WebSockets one credential (a key, or a device with its browser sessions) may hold. */
  wsMaxPerCredential: z.number().int().positive().default(8),
  /** Live WebSockets one client address (IPv6 by /64) may hold without admin. */
  wsMaxPerAddress: z.number().int().positive().default(16),
  wsMaxPayloadBytes: z.number().int().min(1024).default(WS_MAX_PAYLOAD_BYTES),
})
export type SecurityOptions = z.infer<typeof securityOptionsSchema>
