// Notifications against a local HTTP receiver: ntfy and Apprise JSON bodies, which job changes are told, retries, refusals.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSystemClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import type { JobEvents } from '../jobs/recorder.js'
import type { JobRecord } from '../jobs/types.js'
import { createNotifier } from './notifier.js'
import { buildRequest, parseTarget, redactTarget } from './targets.js'
import { until } from '../../test/support/wait-for.js'

interface Received {
  path: string
  headers: IncomingMessage['headers']
  body: string
}
let server: Server
let port: number
let received: Received[]
let failFirst = 0

beforeEach(async () => {
  received = []
  failFirst = 0
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body })
      if (failFirst > 0) {
        failFirst--
        res.writeHead(503).end()
      } else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  port = (server.address() as { port: number }).port
})
afterEach(() => new Promise<void>((done) => server.close(() => done())))

const job = (status: JobRecord['status'], extra: Partial<JobRecord> = {}) =>
  ({ id: 'abcdef123456', status, userRequest: 'a 20 mm cube', metadata: {}, errorMessage: null, message: '', ...extra }) as JobRecord
const logs: string[] = []
const logger = { warn: (msg: string) => logs.push(msg), info: () => {} }

describe('notifier', () => {
  it('posts ntfy notices when a job finishes, fails or pauses, and says to clear the bed when the gateway waits for it', async () => {
    const events = createEmitter<JobEvents>()
    const notifier = createNotifier({
      events,
      targets: () => [`ntfy://127.0.0.1:${port}/printer`],
      waitsForBed: () => true,
      clock: createSystemClock(),
      logger,
    })
    events.emit('job:updated', { job: job('printing_phase'), prev: 'queued' })
    events.emit('job:updated', { job: job('completed'), prev: 'printing_phase' })
    events.emit('job:updated', { job: job('failed', { errorMessage: 'Thermal runaway' }), prev: 'printing_phase' })
    events.emit('job:updated', { job: job('paused', { message: 'Change the filament' }), prev: 'printing_phase' })
    events.emit('job:updated', { job: job('paused'), prev: 'paused' })
    await until(() => received.length >= 3, 5_000, 'three ntfy notices')
    expect(received.map((r) => r.path)).toEqual(['/printer', '/printer', '/printer'])
    const byTitle = Object.fromEntries(received.map((r) => [r.headers.title, r]))
    expect(byTitle['Print finished: clear the bed']!.body).toMatch(/a 20 mm cube is done\. Take it off the bed/)
    expect(byTitle['Print finished: clear the bed']!.headers.priority).toBe('4')
    expect(byTitle['Print failed']!.body).toBe('a 20 mm cube: Thermal runaway.')
    expect(byTitle['Print paused']!.body).toMatch(/waits for you: Change the filament/)
    notifier.dispose()
  })

  it('sends Apprise JSON, retries a 503 and reports what could not be delivered', async () => {
    const events = createEmitter<JobEvents>()
    const notifier = createNotifier({
      events,
      targets: () => [`json://127.0.0.1:${port}/notify`, 'http://127.0.0.1:1/closed'],
      waitsForBed: () => false,
      clock: createSystemClock(),
      logger,
      retryMs: 10,
    })
    failFirst = 1
    const failed = await notifier.send({ event: 'test', title: 'Test', message: 'Hello from printgate', priority: 3, tags: [] })
    expect(received).toHaveLength(2)
    expect(JSON.parse(received[1]!.body)).toEqual({ version: '1.0', title: 'Test', message: 'Hello from printgate', type: 'success' })
    expect(failed).toEqual([{ target: 'http://127.0.0.1:1/closed', error: expect.any(String) }])
    expect(logs.some((l) => /not delivered/.test(l))).toBe(true)
    notifier.dispose()
  })
})

describe('notification URLs', () => {
  it('accepts ntfy, JSON and HTTP targets and refuses others with a reason', () => {
    expect(parseTarget('ntfys://ntfy.sh/my-printer').host).toBe('ntfy.sh')
    expect(() => parseTarget('ntfy://ntfy.sh/')).toThrow(/needs a topic/)
    expect(() => parseTarget('mailto://x@y')).toThrow(/Unsupported notification scheme/)
    expect(() => parseTarget('not a url')).toThrow(/Not a URL/)
    const request = buildRequest('ntfys://me:secret@ntfy.example.org/printer', {
      event: 'completed',
      title: 'Fertig ✓',
      message: 'done',
      priority: 3,
      tags: ['tada'],
    })
    expect(request.url).toBe('https://ntfy.example.org/printer')
    expect(request.init.headers.Authorization).toBe(`Basic ${Buffer.from('me:secret').toString('base64')}`)
    expect(request.init.headers.Title).toMatch(/^=\?UTF-8\?B\?/)
    expect(redactTarget('ntfys://me:secret@ntfy.example.org/printer')).toBe('ntfys://me:***@ntfy.example.org/printer')
  })
})
