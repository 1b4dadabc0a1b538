// Fakes of the gateway's real interfaces (orchestrator, repos, printer, plan) and a tiny app around createCompatRoutes.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { createErrorHandler, notFound } from '../../src/api/errors.js'
import { GatewayError } from '../../src/core/errors.js'
import { createEmitter } from '../../src/core/events.js'
import { silentLogger } from '../../src/core/logger.js'
import type { Orchestrator } from '../../src/jobs/orchestrator.js'
import type { PlanLibrary } from '../../src/jobs/plan-port.js'
import type { FileRecord, JobRecord } from '../../src/jobs/types.js'
import type { PrinterEvents, PrinterService, PrinterStatus } from '../../src/printer/types.js'
import type { FilesRepo } from '../../src/storage/files-repo.js'
import type { JobsRepo } from '../../src/storage/jobs-repo.js'
import { createCompat, type CompatDeps } from '../../src/compat/index.js'
import { createSystemClock } from '../../src/core/clock.js'

export function idleStatus(patch: Partial<PrinterStatus> = {}): PrinterStatus {
  return {
    state: 'operational',
    reason: null,
    firmware: null,
    flowMode: 'ping-pong',
    temperatures: { tools: [{ actual: 21.5, target: 0 }], bed: { actual: 20, target: 0 } },
    position: null,
    link: { port: 'sim://marlin', baud: 250000, linesSent: 0, bytesSent: 0, resends: 0, timeouts: 0, checksumErrors: 0 },
    job: null,
    ...patch,
  }
}

export interface FakeGateway {
  deps: CompatDeps
  app: Hono
  files: Map<string, FileRecord>
  jobs: Map<string, JobRecord>
  created: { fileId: string; userId?: string | null }[]
  calls: string[]
  /** Makes a job the running print (status printing_phase) or clears it. */
  setActive(job: JobRecord | null): void
  setStatus(status: PrinterStatus): void
}

export function createFakeGateway(): FakeGateway {
  const files = new Map<string, FileRecord>()
  const jobs = new Map<string, JobRecord>()
  const created: FakeGateway['created'] = []
  const calls: string[] = []
  let active: string | null = null
  let status = idleStatus()

  const filesRepo: FilesRepo = {
    insert: (f) => void files.set(f.id, f),
    get: (id) => files.get(id) ?? null,
    list: () => [...files.values()].reverse(),
    delete: (id) => files.delete(id),
  }
  const jobsRepo = { get: (id: string) => jobs.get(id) ?? null } as unknown as JobsRepo
  const transition = (id: string, from: JobRecord['status'], to: JobRecord['status']) => {
    const job = jobs.get(id)
    if (!job || job.status !== from) throw new GatewayError('JOB_INVALID_TRANSITION', `Cannot do that in state: ${job?.status}`)
    const next = { ...job, status: to }
    jobs.set(id, next)
    return next
  }
  const orchestrator = {
    createFromFile(input: { fileId: string; userId?: string | null }) {
      created.push(input)
      const job = {
        id: `job-${created.length}`,
        fileId: input.fileId,
        status: 'pending',
        outputs: {},
        estimatedSeconds: null,
        filamentMm: null,
      } as unknown as JobRecord
      jobs.set(job.id, job)
      return job
    },
    activeJobId: () => active,
    isBedClear: () => true,
    async cancel(id: string) {
      calls.push(`cancel ${id}`)
      return { ...jobs.get(id)!, status: 'cancelled' }
    },
    async pause(id: string) {
      calls.push(`pause ${id}`)
      return transition(id, 'printing_phase', 'paused')
    },
    async resume(id: string) {
      calls.push(`resume ${id}`)
      return transition(id, 'paused', 'printing_phase')
    },
  } as unknown as Orchestrator
  const printer = {
    events: createEmitter<PrinterEvents>(),
    status: () => status,
    async connect(o?: { port?: string }) {
      calls.push(`connect ${o?.port ?? ''}`.trim())
    },
    async disconnect() {
      calls.push('disconnect')
    },
    async sendCommand(line: string) {
      calls.push(`send ${line}`)
      return ['ok']
    },
  } as unknown as PrinterService
  const plan = {
    analyseGcode: async () => ({ lineCount: 3, layerCount: 1, estimatedSeconds: 120, filamentMm: 500 }),
    resolvePrintProfile: () => ({ printer: { id: 'ender3', name: 'Creality Ender-3', buildVolume: { x: 220, y: 220, z: 250 } }, material: {}, quality: {} }),
  } as unknown as PlanLibrary

  const deps: CompatDeps = {
    orchestrator,
    jobs: jobsRepo,
    files: filesRepo,
    printer,
    plan,
    dataDir: mkdtempSync(join(tmpdir(), 'pg-compat-')),
    logger: silentLogger,
    now: () => new Date('2026-01-02T03:04:05Z'),
    limits: { uploadBytes: 1024 * 1024 },
    version: '0.1.0',
    clock: createSystemClock(),
  }
  const app = new Hono()
  app.onError(createErrorHandler(silentLogger))
  app.notFound(notFound)
  const compat = createCompat(deps)
  app.route('/', compat.routes as unknown as Hono)
  app.route('/', compat.documented as unknown as Hono)
  return {
    deps,
    app,
    files,
    jobs,
    created,
    calls,
    setActive(job) {
      active = job?.id ?? null
      if (job) jobs.set(job.id, job)
    },
    setStatus(next) {
      status = next
    },
  }
}

/** A running print of `file` as the orchestrator would record it. */
export function printingJob(file: FileRecord, id = 'job-printing'): JobRecord {
  return { id, fileId: file.id, status: 'printing_phase', outputs: {}, estimatedSeconds: 100, filamentMm: 250 } as unknown as JobRecord
}
