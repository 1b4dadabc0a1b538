// Starts the real gateway (createApp with security, printer engine on the simulator, the real plan library) for slicer contract tests.
import { serve, type ServerType } from '@hono/node-server'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { createApp } from '../../src/app.js'
import { socketAddress } from '../../src/auth/client-address.js'
import { createSecurity } from '../../src/auth/security.js'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import { createOrchestrator, type Orchestrator } from '../../src/jobs/orchestrator.js'
import * as plan from '../../src/plan/index.js'
import { createPrinterService } from '../../src/printer/printer-service.js'
import type { PrinterService } from '../../src/printer/types.js'
import { loadFirmwareProfiles } from '../../src/profiles/load.js'
import { createBindingResolver } from '../../src/serial/resolve-binding.js'
import { createSimBinding } from '../../src/sim/sim-binding.js'
import { openDatabase } from '../../src/storage/db.js'
import { createFilesRepo } from '../../src/storage/files-repo.js'
import { createJobsRepo, type JobsRepo } from '../../src/storage/jobs-repo.js'
import { createKvRepo, createQueueRepo } from '../../src/storage/queue-repo.js'

/** Requests with this header count as coming from that address (tests only), so keys are really checked. */
export const PEER_HEADER = 'x-test-peer'
export const LAN_PEER = '192.168.1.50'
/** Unlimited link rate, no latency, fast heating and motion: a small file prints in about a second. */
export const FAST_SIM = 'sim://marlin?baud=0&latencyMs=0&heatRate=500&bedHeatRate=500&homeMs=10&timeScale=0.01'

export interface CompatGateway {
  port: number
  baseUrl: string
  /** A key with read, control and files scopes, as a slicer would be given. */
  slicerKey: string
  /** A key with only the read scope. */
  readKey: string
  /** read + files: may upload, may not start a print. */
  filesKey: string
  orchestrator: Orchestrator
  printer: PrinterService
  jobs: JobsRepo
  close(): Promise<void>
}

export async function startCompatGateway(o: { autoStart?: boolean } = {}): Promise<CompatGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-compat-e2e-'))
  const clock = createSystemClock()
  const now = () => new Date()
  const db = openDatabase(join(dataDir, 'printgate.db'))
  const jobs = createJobsRepo(db, now)
  const queue = createQueueRepo(db, now)
  const files = createFilesRepo(db)
  const sim = createSimBinding({ clock })
  const printer = createPrinterService({ clock, logger: silentLogger, profiles: loadFirmwareProfiles(), resolveBinding: createBindingResolver({ sim }), options: { defaultPort: FAST_SIM, defaultBaud: 250000 } })
  const orchestrator = createOrchestrator({ jobs, queue, files, kv: createKvRepo(db), transaction: (fn) => db.transaction(fn)(), printer, plan, clock, now, dataDir, options: { autoStart: o.autoStart ?? false, persistEveryMs: 200 } })
  const security = createSecurity({ db, clock, logger: silentLogger, printer, options: { pairOnStart: false }, addressSource: (c) => c.req.header(PEER_HEADER) ?? socketAddress(c) })
  const gateway = createApp({
    orchestrator, jobs, queue, files, printer, plan, dataDir, logger: silentLogger, now, clock,
    limits: { uploadBytes: 8 * 1024 * 1024 }, jsonLimitBytes: 64 * 1024, version: '0.0.0-test', startedAt: Date.now(),
    checkDatabase: () => void db.prepare('SELECT 1').get(), security: security.hook,
  })
  security.start()
  const slicerKey = security.store.issue({ kind: 'key', name: 'PrusaSlicer on desk', scopes: ['read', 'control', 'files'] }).token
  const readKey = security.store.issue({ kind: 'key', name: 'viewer', scopes: ['read'] }).token
  const filesKey = security.store.issue({ kind: 'key', name: 'file drop', scopes: ['read', 'files'] }).token
  await orchestrator.start()
  await printer.connect()
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: gateway.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  gateway.injectWebSocket(server as never)
  const { port } = server.address() as AddressInfo
  return {
    port, baseUrl: `http://127.0.0.1:${port}`, slicerKey, readKey, filesKey, orchestrator, printer, jobs,
    async close() {
      security.close()
      gateway.dispose()
      ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      await new Promise((r) => server.close(r))
      await orchestrator.stop('cancel')
      await printer.shutdown().catch(() => undefined)
      sim.dispose()
      db.close()
    },
  }
}

/** Polls `fn` until it returns a truthy value, or fails after `timeoutMs`. */
export async function until<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
