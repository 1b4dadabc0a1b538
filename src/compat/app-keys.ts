// App-key requests (OctoPrint's appkeys flow): one state machine per request, pending → approved (key fetched once) | denied | expired.
import { randomBytes } from 'node:crypto'
import type { Scope } from '../auth/scopes.js'
import type { Clock } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import type { AppCredentials } from './deps.js'

/** What an approved app gets: everything an app does, nothing of admin (keys, settings, raw console). */
export const APP_KEY_SCOPES: readonly Scope[] = ['read', 'control', 'files']
export const PENDING_TTL_MS = 10 * 60_000
/** An approved key waits this long to be fetched by its app, then is forgotten (the key stays issued). */
export const APPROVED_TTL_MS = 2 * 60_000
const MAX_PENDING = 16

type RequestState = { state: 'pending'; until: number } | { state: 'approved'; apiKey: string; until: number } | { state: 'denied' }

interface KeyRequest {
  id: string
  token: string
  app: string
  user: string | null
  requestedAt: number
  status: RequestState
}

export interface PendingRequest {
  id: string
  app: string
  user: string | null
  /** Milliseconds on the gateway's clock until it expires. */
  expiresInMs: number
}

export type PollResult = { state: 'pending' } | { state: 'approved'; apiKey: string }

export interface AppKeyRequests {
  request(app: string, user: string | null): { appToken: string }
  /** 202/200 for the polling app; GatewayError APP_KEY_REQUEST_UNKNOWN (404) when denied, expired, fetched or unknown. */
  poll(appToken: string): PollResult
  pending(): PendingRequest[]
  decide(id: string, allow: boolean, decidedBy: string): void
}

const secret = (bytes: number) => randomBytes(bytes).toString('base64url')

export function createAppKeyRequests(credentials: AppCredentials, clock: Pick<Clock, 'now'>): AppKeyRequests {
  const byToken = new Map<string, KeyRequest>()
  const expired = (r: KeyRequest) => r.status.state !== 'denied' && r.status.until <= clock.now()
  const sweep = () => {
    for (const [token, r] of byToken) if (expired(r) || r.status.state === 'denied') byToken.delete(token)
  }
  const unknown = () => new GatewayError('APP_KEY_REQUEST_UNKNOWN')

  return {
    request(app, user) {
      sweep()
      // A repeated request from the same app and user replaces its older one.
      for (const [token, r] of byToken) if (r.status.state === 'pending' && r.app === app && r.user === user) byToken.delete(token)
      if ([...byToken.values()].filter((r) => r.status.state === 'pending').length >= MAX_PENDING) throw new GatewayError('APP_KEY_REQUESTS_FULL')
      const request: KeyRequest = {
        id: secret(9),
        token: secret(24),
        app,
        user,
        requestedAt: clock.now(),
        status: { state: 'pending', until: clock.now() + PENDING_TTL_MS },
      }
      byToken.set(request.token, request)
      return { appToken: request.token }
    },
    poll(appToken) {
      const r = byToken.get(appToken)
      if (!r || expired(r) || r.status.state === 'denied') {
        if (r) byToken.delete(appToken)
        throw unknown()
      }
      if (r.status.state === 'pending') return { state: 'pending' }
      byToken.delete(appToken)
      return { state: 'approved', apiKey: r.status.apiKey }
    },
    pending() {
      sweep()
      return [...byToken.values()]
        .filter((r) => r.status.state === 'pending')
        .map((r) => ({ id: r.id, app: r.app, user: r.user, expiresInMs: (r.status as { until: number }).until - clock.now() }))
    },
    decide(id, allow, decidedBy) {
      sweep()
      const r = [...byToken.values()].find((x) => x.id === id && x.status.state === 'pending')
      if (!r) throw unknown()
      if (!allow) {
        r.status = { state: 'denied' }
        return
      }
      const label = r.user ? `${r.app} (${r.user})` : r.app
      const { token } = credentials.issue(`${label}, allowed by ${decidedBy}`.slice(0, 120), APP_KEY_SCOPES)
      r.status = { state: 'approved', apiKey: token, until: clock.now() + APPROVED_TTL_MS }
    },
  }
}
