// Passive-login sessions: `POST /api/login {passive:true}` hands out `name` + `session`, which a push socket presents as `{"auth": "name:session"}`.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Principal } from '../auth/access-control.js'
import type { Scope } from '../auth/scopes.js'
import type { AppCredentials } from './deps.js'

const MAX_SESSIONS = 256

export interface PushIdentity {
  name: string
  scopes: readonly Scope[]
  /** The key the session was opened with; revoking it ends the session (null for loopback). */
  tokenId: string | null
}

export interface PushSessions {
  open(principal: Pick<Principal, 'name' | 'scopes' | 'tokenId'>): string
  /** The identity behind `name:session`, or null (unknown, or its key was revoked since). */
  check(auth: string): PushIdentity | null
  /** Still live (its key not revoked)? Checked before each push. */
  alive(identity: PushIdentity): boolean
}

export function createPushSessions(credentials: Pick<AppCredentials, 'isLive'> | undefined, now: () => number = Date.now, ttlMs = 24 * 3600_000): PushSessions {
  const sessions = new Map<string, PushIdentity & { expires: number }>()
  const alive = (id: PushIdentity) => id.tokenId === null || (credentials?.isLive(id.tokenId) ?? false)
  return {
    open(principal) {
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!)
      const session = randomBytes(24).toString('base64url')
      sessions.set(session, { name: principal.name, scopes: principal.scopes, tokenId: principal.tokenId, expires: now() + ttlMs })
      return session
    },
    check(auth) {
      const colon = auth.lastIndexOf(':')
      if (colon < 0) return null
      const name = auth.slice(0, colon)
      const session = auth.slice(colon + 1)
      const found = sessions.get(session)
      if (!found || found.expires < now()) return null
      const a = Buffer.from(found.name)
      const b = Buffer.from(name)
      if (a.length !== b.length || !timingSafeEqual(a, b) || !alive(found)) return null
      return { name: found.name, scopes: found.scopes, tokenId: found.tokenId }
    },
    alive,
  }
}
