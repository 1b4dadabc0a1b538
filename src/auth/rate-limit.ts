// A per-client token bucket for unauthenticated routes: a burst, then a steady rate; bounded memory.
import type { Clock } from '../core/clock.js'
import { clientKey } from './pairing.js'

export interface RateLimiter {
  /** Takes one token for `address`; returns 0 when allowed, else the milliseconds until the next token. */
  take(address: string | undefined): number
}

const MAX_CLIENTS = 2000

/** `burst` requests at once per client (IPv6 by /64), refilled at one per `everyMs`. */
export function createRateLimiter({ clock, burst, everyMs }: { clock: Clock; burst: number; everyMs: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>()
  return {
    take(address) {
      const now = clock.now()
      const key = clientKey(address)
      let bucket = buckets.get(key)
      if (!bucket) {
        if (buckets.size >= MAX_CLIENTS) {
          for (const [k, b] of buckets) if (b.tokens + (now - b.at) / everyMs >= burst) buckets.delete(k)
          if (buckets.size >= MAX_CLIENTS) buckets.clear()
        }
        bucket = { tokens: burst, at: now }
        buckets.set(key, bucket)
      }
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / everyMs)
      bucket.at = now
      if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) * everyMs)
      bucket.tokens -= 1
      return 0
    },
  }
}
