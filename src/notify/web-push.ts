// Web push to the phones that asked for it: the VAPID key pair (made once, in the data dir), subscriptions (SQLite kv), delivery.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { KeyValue } from './settings.js'
import type { Notice } from './targets.js'
import { encryptPayload, fromB64url, generateVapidKeys, vapidAuthorization, type SubscriptionKeys, type VapidKeys } from './web-push-crypto.js'

export interface PushSubscription {
  endpoint: string
  keys: SubscriptionKeys
}

export interface WebPush {
  /** The VAPID public key the browser subscribes with (base64url). */
  publicKey: string
  subscribe(subscription: PushSubscription): { count: number }
  unsubscribe(endpoint: string): boolean
  count(): number
  /** Sends the notice to every subscription; ones the push service says are gone (404, 410) are removed. */
  send(notice: Notice): Promise<{ target: string; error: string }[]>
}

export interface WebPushDeps {
  dataDir: string
  kv: KeyValue
  logger: Pick<Logger, 'warn' | 'info'>
  now: () => number
  /** RFC 8292 `sub`: a mailto: or https: contact for the push service's operator. */
  subject: string
  fetch?: typeof fetch
  timeoutMs?: number
}

const KEY = 'notify.push_subscriptions'
const MAX_SUBSCRIPTIONS = 50

/** The key pair in `<dataDir>/vapid.json` (owner-only), made the first time; browsers keep subscriptions tied to it. */
export function loadVapidKeys(dataDir: string): VapidKeys {
  const path = join(dataDir, 'vapid.json')
  if (existsSync(path)) {
    const keys = JSON.parse(readFileSync(path, 'utf8')) as VapidKeys
    if (typeof keys.publicKey === 'string' && typeof keys.privateKey === 'string') return keys
  }
  const keys = generateVapidKeys()
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600 })
  chmodSync(path, 0o600)
  return keys
}

/** Checks a subscription as the browser's PushSubscription.toJSON() gives it; VALIDATION_FAILED with the reason. */
export function checkSubscription(raw: PushSubscription): PushSubscription {
  let url: URL
  try {
    url = new URL(raw.endpoint)
  } catch {
    throw new GatewayError('VALIDATION_FAILED', 'endpoint: not a URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new GatewayError('VALIDATION_FAILED', 'endpoint: must be an https:// (or http://) URL')
  const point = fromB64url(raw.keys.p256dh)
  if (point.length !== 65 || point[0] !== 4) throw new GatewayError('VALIDATION_FAILED', 'keys.p256dh: not a P-256 public key (65 bytes, base64url)')
  if (fromB64url(raw.keys.auth).length !== 16) throw new GatewayError('VALIDATION_FAILED', 'keys.auth: not 16 bytes (base64url)')
  return { endpoint: url.toString(), keys: { p256dh: raw.keys.p256dh, auth: raw.keys.auth } }
}

/** The endpoint without its path, for logs (the path is the subscription's secret). */
const originOf = (endpoint: string) => new URL(endpoint).origin

export function createWebPush(deps: WebPushDeps): WebPush {
  const keys = loadVapidKeys(deps.dataDir)
  const doFetch = deps.fetch ?? fetch
  const list = (): PushSubscription[] => {
    try {
      const value: unknown = JSON.parse(deps.kv.get(KEY) ?? '[]')
      return Array.isArray(value) ? (value as PushSubscription[]) : []
    } catch {
      return []
    }
  }
  const store = (subscriptions: PushSubscription[]) => deps.kv.set(KEY, JSON.stringify(subscriptions))

  async function deliver(subscription: PushSubscription, body: Buffer, urgent: boolean): Promise<string | null> {
    try {
      const response = await doFetch(subscription.endpoint, {
        method: 'POST',
        headers: {
          Authorization: vapidAuthorization(subscription.endpoint, keys, deps.subject, deps.now()),
          'Content-Encoding': 'aes128gcm',
          'Content-Type': 'application/octet-stream',
          TTL: String(24 * 3600),
          Urgency: urgent ? 'high' : 'normal',
        },
        body: encryptPayload(body, subscription.keys),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      })
      await response.arrayBuffer().catch(() => undefined)
      if (response.ok) return null
      if (response.status === 404 || response.status === 410) {
        store(list().filter((s) => s.endpoint !== subscription.endpoint))
        deps.logger.info('push subscription gone; removed', { service: originOf(subscription.endpoint), status: response.status })
      }
      return `HTTP ${response.status}`
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  }

  return {
    publicKey: keys.publicKey,
    subscribe(raw) {
      const subscription = checkSubscription(raw)
      const others = list().filter((s) => s.endpoint !== subscription.endpoint)
      const next = [...others, subscription].slice(-MAX_SUBSCRIPTIONS)
      store(next)
      return { count: next.length }
    },
    unsubscribe(endpoint) {
      const before = list()
      const after = before.filter((s) => s.endpoint !== endpoint)
      store(after)
      return after.length < before.length
    },
    count: () => list().length,
    async send(notice) {
      const body = Buffer.from(JSON.stringify({ title: notice.title, body: notice.message, tag: notice.event, url: '/' }))
      const results = await Promise.all(list().map(async (s) => ({ target: originOf(s.endpoint), error: await deliver(s, body, notice.priority >= 4) })))
      const failed = results.filter((r): r is { target: string; error: string } => r.error !== null)
      for (const f of failed) deps.logger.warn('web push not delivered', { service: f.target, event: notice.event, error: f.error })
      return failed
    },
  }
}
