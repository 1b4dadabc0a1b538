// Web push delivery against a local push service that checks the VAPID signature and decrypts the payload; gone subscriptions are dropped.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startPushService, type TestPushService } from '../../test/ui/push-service.js'
import { createSystemClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import type { JobEvents } from '../jobs/recorder.js'
import type { JobRecord } from '../jobs/types.js'
import { createNotifier } from './notifier.js'
import { createWebPush } from './web-push.js'
import { until } from '../../test/support/wait-for.js'

let service: TestPushService
let dataDir: string
const logs: string[] = []
const logger = { warn: (m: string) => logs.push(m), info: (m: string) => logs.push(m) }
const memoryKv = () => {
  const map = new Map<string, string>()
  return { get: (k: string) => map.get(k) ?? null, set: (k: string, v: string) => void map.set(k, v) }
}

beforeEach(async () => {
  service = await startPushService()
  dataDir = mkdtempSync(join(tmpdir(), 'pg-push-'))
})
afterEach(async () => {
  await service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('web push', () => {
  it('keeps one VAPID key pair in the data dir, owner-only', () => {
    const first = createWebPush({ dataDir, kv: memoryKv(), logger, now: Date.now, subject: 'mailto:a@b.example' })
    const second = createWebPush({ dataDir, kv: memoryKv(), logger, now: Date.now, subject: 'mailto:a@b.example' })
    expect(second.publicKey).toBe(first.publicKey)
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65)
    expect(statSync(join(dataDir, 'vapid.json')).mode & 0o777).toBe(0o600)
  })

  it('sends a finished job to each subscription, signed and encrypted, and drops a subscription that is gone', async () => {
    const kv = memoryKv()
    const push = createWebPush({ dataDir, kv, logger, now: Date.now, subject: 'mailto:printer@home.example' })
    push.subscribe(service.subscription('phone-a'))
    push.subscribe(service.subscription('phone-b'))
    expect(() => push.subscribe({ endpoint: 'ftp://x/y', keys: service.subscription('c').keys })).toThrow(/endpoint/)
    expect(() => push.subscribe({ ...service.subscription('d'), keys: { p256dh: 'AAAA', auth: 'AAAA' } })).toThrow(/p256dh/)
    expect(push.count()).toBe(2)
    service.answer('/push/phone-b', 410)

    const events = createEmitter<JobEvents>()
    const notifier = createNotifier({ events, targets: () => [], waitsForBed: () => false, clock: createSystemClock(), logger, push })
    const job = { id: 'abcdef123456', status: 'completed', userRequest: 'a 20 mm cube', metadata: {}, errorMessage: null, message: '' } as unknown as JobRecord
    events.emit('job:updated', { job, prev: 'printing_phase' })
    await until(() => service.received.length >= 2 && push.count() <= 1, 5_000, 'both pushes delivered and the gone subscription dropped')

    expect(service.problems).toEqual([])
    expect(service.received.map((r) => r.path).sort()).toEqual(['/push/phone-a', '/push/phone-b'])
    for (const r of service.received) {
      expect(r.payload).toEqual({ title: 'Print finished', body: 'a 20 mm cube is done.', tag: 'completed', url: '/' })
      expect(r.k).toBe(push.publicKey)
      expect(r.claims.sub).toBe('mailto:printer@home.example')
      expect(r.headers.urgency).toBe('normal')
    }
    expect(push.count()).toBe(1)
    expect(push.unsubscribe(service.subscription('phone-a').endpoint)).toBe(true)
    expect(push.count()).toBe(0)
    notifier.dispose()
  })
})
