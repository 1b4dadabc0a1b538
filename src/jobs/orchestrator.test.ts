// Orchestrator with a scripted printer and the fake clock: progress persistence, print outcomes, recovery, the cancel guard.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import type { PrintResult, PrinterEvents, PrinterService, PrinterState } from '../printer/types.js'
import type { Statement } from 'better-sqlite3'
import { openDatabase, type Db } from '../storage/db.js'
import { createFilesRepo } from '../storage/files-repo.js'
import { createJobsRepo } from '../storage/jobs-repo.js'
import { createKvRepo, createQueueRepo } from '../storage/queue-repo.js'
import { createOrchestrator } from './orchestrator.js'
import type { PlanLibrary } from './plan-port.js'

function scriptedPrinter() {
  const events = createEmitter<PrinterEvents>()
  let state: PrinterState = 'operational'
  let finish: ((r: PrintResult) => void) | null = null
  const started: string[] = []
  const printer = {
    events,
    status: () => ({ state, temperatures: null }),
    async startPrint({ jobId }: { jobId: string }) {
      started.push(jobId)
      state = 'printing'
      return { done: new Promise<PrintResult>((resolve) => (finish = resolve)) }
    },
    async cancel() {
      finish?.({ jobId: started.at(-1)!, outcome: 'cancelled', lastConfirmedLine: 7, byteOffset: 70, layer: 1, z: 0.2, temperatures: null, elapsedMs: 500 })
    },
  } as unknown as PrinterService
  const end = (outcome: PrintResult['outcome'], line: number) => {
    state = 'operational'
    finish?.({ jobId: started.at(-1)!, outcome, lastConfirmedLine: line, byteOffset: line * 10, layer: 3, z: 0.6, temperatures: null, elapsedMs: 4000 })
  }
  return { printer, events, started, end }
}

const plan = { resolvePrintProfile: () => ({ printer: {}, material: {}, quality: {} }) } as unknown as PlanLibrary
const flush = () => new Promise((r) => setImmediate(r))

/** The database with every statement that returns rows counted (all repositories read through `prepare`). */
function countingReads(db: Db) {
  const reads = { count: 0 }
  const statement = (inner: Statement): Statement =>
    new Proxy(inner, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown
        if (typeof value !== 'function') return value
        if (key === 'get' || key === 'all' || key === 'iterate') {
          return (...args: unknown[]) => {
            reads.count++
            return (value as (...a: unknown[]) => unknown).apply(target, args)
          }
        }
        // pluck()/raw()/expand() return the statement itself: keep counting on it.
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(target, args)
          return out === target ? statement(target) : out
        }
      },
    })
  const spied = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => statement(target.prepare(sql))
      const value = Reflect.get(target, key, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { spied, reads }
}

function setup(dataDir = mkdtempSync(join(tmpdir(), 'pg-orch-'))) {
  const db = openDatabase(join(dataDir, 'printgate.db'))
  const { spied, reads } = countingReads(db)
  const clock = createFakeClock()
  const jobs = createJobsRepo(spied)
  const files = createFilesRepo(spied)
  const queue = createQueueRepo(spied)
  const p = scriptedPrinter()
  const orchestrator = createOrchestrator({
    jobs,
    queue,
    files,
    kv: createKvRepo(spied),
    transaction: (fn) => db.transaction(fn)(),
    printer: p.printer,
    plan,
    clock,
    dataDir,
    options: { persistEveryMs: 1000 },
  })
  const addGcode = (id: string) => {
    mkdirSync(join(dataDir, 'files'), { recursive: true })
    writeFileSync(join(dataDir, 'files', `${id}.gcode`), 'G28\n')
    files.insert({
      id,
      name: `${id}.gcode`,
      kind: 'gcode',
      size: 4,
      sha256: 'x'.repeat(64),
      storedName: `${id}.gcode`,
      createdAt: new Date().toISOString(),
      analysis: { estimatedSeconds: 100 },
    })
  }
  return { db, reads, dataDir, clock, jobs, queue, orchestrator, addGcode, ...p }
}

const progress = (jobId: string, lines: number) => ({
  jobId,
  linesTotal: 100,
  linesConfirmed: lines,
  bytesConfirmed: lines * 10,
  bytesTotal: 1000,
  percent: lines,
  layer: 2,
  z: 0.4,
  elapsedMs: 1000,
  pausedMs: 0,
})

describe('orchestrator', () => {
  it('persists print progress once per interval and records the outcome with its position', async () => {
    const t = setup()
    t.addGcode('f1')
    const job = t.orchestrator.createFromFile({ fileId: 'f1' })
    await flush()
    await flush()
    expect(t.started).toEqual([job.id])
    t.events.emit('printer:progress', progress(job.id, 10))
    t.events.emit('printer:progress', progress(job.id, 20))
    expect(t.jobs.get(job.id)?.lastLine).toBeNull()
    t.clock.advance(1000)
    expect(t.jobs.get(job.id)).toMatchObject({ lastLine: 20, byteOffset: 200, layer: 2, z: 0.4, progress: 20 })
    t.end('completed', 100)
    await flush()
    expect(t.jobs.get(job.id)).toMatchObject({ status: 'completed', lastLine: 100, actualSeconds: 4, estimatedSeconds: 100, progress: 100 })
    expect(t.orchestrator.isBedClear()).toBe(false)
  })

  it('progress events read nothing from the database: the live view comes from memory', async () => {
    const t = setup()
    t.addGcode('f1')
    const job = t.orchestrator.createFromFile({ fileId: 'f1' })
    await flush()
    await flush()
    expect(t.started).toEqual([job.id])
    const seen: number[] = []
    t.orchestrator.events.on('job:progress', ({ job: j, live }) => seen.push(live.percent, j.progress))
    const before = t.reads.count
    for (let lines = 1; lines <= 50; lines++) t.events.emit('printer:progress', progress(job.id, lines))
    expect(t.orchestrator.live(job.id)).toMatchObject({ percent: 50, layer: 2, z: 0.4 })
    expect(t.reads.count - before).toBe(0)
    expect(seen.slice(-2)).toEqual([50, 50])
    // The spy does count: one status read costs reads.
    t.jobs.get(job.id)
    expect(t.reads.count - before).toBe(1)
  })

  it('records a pause and a resume once, whether the printer or the caller reports it first', async () => {
    const t = setup()
    t.addGcode('f1')
    const job = t.orchestrator.createFromFile({ fileId: 'f1' })
    await flush()
    await flush()
    const printer = t.printer as unknown as { pause(): Promise<void>; resume(): Promise<void> }
    printer.pause = async () => t.events.emit('printer:job_paused', { jobId: job.id })
    printer.resume = async () => t.events.emit('printer:job_resumed', { jobId: job.id })
    expect((await t.orchestrator.pause(job.id)).status).toBe('paused')
    expect((await t.orchestrator.resume(job.id)).status).toBe('printing_phase')
    t.events.emit('printer:job_resumed', { jobId: job.id })
    expect(t.jobs.events(job.id).map((e) => e.type)).toEqual(['created', 'queued', 'step_started', 'paused', 'resumed'])
  })

  it('keeps a cancelled job cancelled when the printer reports the end later', async () => {
    const t = setup()
    t.addGcode('f1')
    const job = t.orchestrator.createFromFile({ fileId: 'f1' })
    await flush()
    await flush()
    await t.orchestrator.cancel(job.id)
    await flush()
    const after = t.jobs.get(job.id)!
    expect(after.status).toBe('cancelled')
    expect(after.lastLine).toBe(7)
    expect(t.jobs.events(job.id).map((e) => e.type)).toEqual(['created', 'queued', 'step_started', 'cancelled', 'print_ended'])
  })

  it('after a crash: printing → interrupted with the last persisted line; the queue and pending pipelines resume', async () => {
    const first = setup()
    first.addGcode('f1')
    first.addGcode('f2')
    const printing = first.orchestrator.createFromFile({ fileId: 'f1' })
    await flush()
    await flush()
    const waiting = first.orchestrator.createFromFile({ fileId: 'f2' })
    await flush()
    await flush()
    first.events.emit('printer:progress', progress(printing.id, 42))
    first.clock.advance(1000)
    expect(first.queue.list()).toEqual([waiting.id])
    first.db.close()

    const second = setup(first.dataDir)
    await second.orchestrator.start()
    expect(second.jobs.get(printing.id)).toMatchObject({ status: 'interrupted', errorCode: 'JOB_INTERRUPTED', lastLine: 42, byteOffset: 420 })
    expect(second.jobs.get(waiting.id)?.status).toBe('queued')
    expect(second.started).toEqual([])
    await second.orchestrator.bedCleared()
    expect(second.started).toEqual([waiting.id])
  })

  it('on shutdown stops the running print and records it as interrupted, and refuses new work', async () => {
    const t = setup()
    t.addGcode('f1')
    const job = t.orchestrator.createFromFile({ fileId: 'f1' })
    await flush()
    await flush()
    await t.orchestrator.stop('cancel')
    expect(t.jobs.get(job.id)).toMatchObject({ status: 'interrupted', errorCode: 'JOB_INTERRUPTED', lastLine: 7 })
    expect(() => t.orchestrator.createFromFile({ fileId: 'f1' })).toThrowError(/shutting down/)
  })
})
