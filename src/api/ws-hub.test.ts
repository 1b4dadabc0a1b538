// WebSocket hub with a fake clock: throttled progress, slow clients bounded, dead sockets dropped, subscriptions.
import { describe, expect, it } from 'vitest'
import type { WSContext } from 'hono/ws'
import { createFakeClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import { silentLogger } from '../core/logger.js'
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { JobEvents } from '../jobs/recorder.js'
import type { JobRecord } from '../jobs/types.js'
import type { PrinterEvents, PrinterService } from '../printer/types.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import { toPrintStatus } from './views.js'
import { createWsHub } from './ws-hub.js'

const job = (id: string, status: JobRecord['status'] = 'printing_phase'): JobRecord => ({
  id,
  source: 'gcode',
  userRequest: null,
  userId: 'u',
  printerProfile: null,
  qualityLevel: null,
  metadata: {},
  fileId: null,
  status,
  currentStep: '3D printing',
  message: 'Printing',
  progress: 10,
  createdAt: '',
  updatedAt: '',
  startedAt: null,
  finishedAt: null,
  errorCode: null,
  errorMessage: null,
  outputs: {},
  gcodeHash: null,
  estimatedSeconds: null,
  actualSeconds: null,
  filamentMm: null,
  layer: 1,
  layerCount: 5,
  z: 0.2,
  lastLine: null,
  byteOffset: null,
  printElapsedMs: null,
})

function setup() {
  const clock = createFakeClock()
  const jobEvents = createEmitter<JobEvents>()
  const printerEvents = createEmitter<PrinterEvents>()
  const records = new Map([
    ['a', job('a')],
    ['b', job('b')],
  ])
  const orchestrator = { events: jobEvents, live: () => null, activeJobId: () => 'a', isBedClear: () => false } as unknown as Orchestrator
  const printer = {
    events: printerEvents,
    status: () => ({ state: 'printing', reason: null, temperatures: null, position: null, flowMode: 'buffered' }),
  } as unknown as PrinterService
  const jobs = { get: (id: string) => records.get(id) ?? null, list: () => ({ items: [...records.values()], total: records.size }) } as unknown as JobsRepo
  const hub = createWsHub({
    orchestrator,
    printer,
    jobs,
    clock,
    logger: silentLogger,
    now: () => new Date(clock.now()),
    options: { progressIntervalMs: 250, softBufferBytes: 1000, hardBufferBytes: 5000, pingIntervalMs: 1000 },
  })
  const connect = (jobId?: string) => {
    const sent: Record<string, any>[] = []
    const raw = {
      bufferedAmount: 0,
      pings: 0,
      terminated: false,
      pong: () => {},
      ping() {
        this.pings++
      },
      terminate() {
        this.terminated = true
      },
      on(event: string, fn: () => void) {
        if (event === 'pong') this.pong = fn
      },
    }
    const ws = {
      raw,
      closed: null as number | null,
      send: (s: string) => sent.push(JSON.parse(s)),
      close(code: number) {
        this.closed = code
      },
    }
    const events = hub.events(jobId)
    events.onOpen?.(new Event('open'), ws as unknown as WSContext<never>)
    const message = (data: string) => events.onMessage?.({ data } as MessageEvent, ws as unknown as WSContext<never>)
    return { sent, raw, ws, message }
  }
  const progress = (id: string, percent: number) =>
    jobEvents.emit('job:progress', {
      job: { ...job(id), progress: percent },
      live: { percent, layer: 2, layerCount: 5, z: 0.4, etaSeconds: 60, elapsedMs: 1000 },
    })
  return { clock, hub, connect, progress, jobEvents, records }
}

describe('ws hub', () => {
  it("sends a job in the HTTP body's fields and words (one serialiser), plus type and timestamp", () => {
    const { clock, connect, progress } = setup()
    const c = connect('a')
    const snapshot = c.sent[0]!
    const http = toPrintStatus(job('a'), { now: new Date(clock.now()) }) as Record<string, unknown>
    const { queue_position: _q, temperatures: _t, ...shared } = http
    expect(snapshot).toEqual({ type: 'status_update', ...shared, timestamp: new Date(clock.now()).toISOString() })
    const at = new Date(clock.now())
    progress('a', 30)
    clock.advance(250)
    const live = { percent: 30, layer: 2, layerCount: 5, z: 0.4, etaSeconds: 60, elapsedMs: 1000 }
    const printing = toPrintStatus({ ...job('a'), progress: 30 }, { live, now: at }) as Record<string, unknown>
    const progressFields = [
      'job_id',
      'workflow_id',
      'status',
      'progress_percentage',
      'current_step',
      'message',
      'estimated_completion',
      'error_code',
      'error_message',
      'layer',
      'layer_count',
      'z',
      'eta_seconds',
    ]
    // Progress carries the moving fields only, in the HTTP body's words.
    expect(c.sent.at(-1)).toEqual({ type: 'progress_update', ...Object.fromEntries(progressFields.map((k) => [k, printing[k]])), timestamp: at.toISOString() })
  })

  it('coalesces progress to one message per interval per job, latest value wins', () => {
    const { clock, connect, progress } = setup()
    const c = connect('a')
    c.sent.length = 0
    for (let p = 1; p <= 10; p++) progress('a', p)
    clock.advance(0)
    expect(c.sent.map((m) => m.progress_percentage)).toEqual([10])
    for (let p = 11; p <= 20; p++) progress('a', p)
    clock.advance(100)
    expect(c.sent).toHaveLength(1)
    clock.advance(150)
    expect(c.sent.map((m) => m.progress_percentage)).toEqual([10, 20])
    expect(c.sent[1]).toMatchObject({ type: 'progress_update', job_id: 'a', workflow_id: 'a', layer: 2, z: 0.4, eta_seconds: 60 })
  })

  it('filters by subscription; unsubscribe stops a job; subscribing without id means every job', () => {
    const { clock, connect, progress } = setup()
    const one = connect('a')
    const all = connect()
    expect(all.sent.map((m) => m.job_id).sort()).toEqual(['a', 'b'])
    progress('b', 50)
    clock.advance(300)
    expect(one.sent.some((m) => m.job_id === 'b')).toBe(false)
    expect(all.sent.some((m) => m.type === 'progress_update' && m.job_id === 'b')).toBe(true)
    all.message(JSON.stringify({ type: 'unsubscribe', job_id: 'b' }))
    all.sent.length = 0
    progress('b', 60)
    clock.advance(300)
    expect(all.sent.filter((m) => m.job_id === 'b' && m.type === 'progress_update')).toEqual([])
  })

  it('drops progress for a slow client, keeps status changes, and disconnects one that cannot keep up', () => {
    const { clock, connect, progress, jobEvents } = setup()
    const c = connect('a')
    c.sent.length = 0
    c.raw.bufferedAmount = 2000
    progress('a', 30)
    clock.advance(300)
    expect(c.sent).toEqual([])
    jobEvents.emit('job:updated', { job: job('a', 'paused'), prev: 'printing_phase' })
    expect(c.sent.map((m) => [m.type, m.status])).toEqual([['status_update', 'paused']])
    c.raw.bufferedAmount = 10_000
    jobEvents.emit('job:updated', { job: job('a', 'printing_phase'), prev: 'paused' })
    expect(c.ws.closed).toBe(1013)
  })

  it('pings idle sockets and drops those that never answer', () => {
    const { clock, hub, connect } = setup()
    const alive = connect('a')
    const dead = connect('a')
    clock.advance(1000)
    expect(alive.raw.pings).toBe(1)
    expect(dead.raw.pings).toBe(1)
    alive.raw.pong()
    clock.advance(1000)
    expect(dead.raw.terminated).toBe(true)
    expect(alive.raw.terminated).toBe(false)
    expect(hub.clientCount()).toBe(1)
  })

  it('answers ping with a top-level pong and bad JSON with an error', () => {
    const { connect } = setup()
    const c = connect('a')
    c.message('{nope')
    c.message(JSON.stringify({ type: 'ping' }))
    expect(c.sent.slice(-2).map((m) => m.type)).toEqual(['error', 'pong'])
    expect(c.ws.closed).toBeNull()
  })
})
