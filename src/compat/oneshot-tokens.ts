// Moonraker's oneshot tokens: GET /access/oneshot_token hands out a token good for one use within 5 s (`?token=` on the WebSocket URL).
import { randomBytes } from 'node:crypto'
import type { Clock } from '../core/clock.js'
import type { PushIdentity } from './push-sessions.js'

export const ONESHOT_TTL_MS = 5_000
const MAX_TOKENS = 64

export interface OneshotTokens {
  issue(identity: PushIdentity): string
  /** The identity the token was issued to, once; null when unknown, used or older than 5 s. */
  take(token: string): PushIdentity | null
}

export function createOneshotTokens(clock: Pick<Clock, 'now'>): OneshotTokens {
  const tokens = new Map<string, { identity: PushIdentity; until: number }>()
  return {
    issue(identity) {
      for (const [t, v] of tokens) if (v.until <= clock.now()) tokens.delete(t)
      if (tokens.size >= MAX_TOKENS) tokens.delete(tokens.keys().next().value!)
      const token = randomBytes(24).toString('base64url')
      tokens.set(token, { identity, until: clock.now() + ONESHOT_TTL_MS })
      return token
    },
    take(token) {
      const found = tokens.get(token)
      tokens.delete(token)
      return found && found.until > clock.now() ? found.identity : null
    },
  }
}
