// Starts the real gateway (createApp + printer engine on the simulator) on a free port for API tests.
import { serve, type ServerType } from '@hono/node-server'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { createApp, type GatewayApp, type SecurityHook } from '../../src/app.js'
import type { Clock } from '../../src/core/clock.js'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import { createOrchestrator, type Orchestrator } from '../../src/jobs/orchestrator.js'
import type { PlanLibrary } from '../../src/jobs/plan-port.js'
import { createPrinterService } from '../../src/printer/printer-service.js'
import type { PrinterService } from '../../src/printer/types.js'
import { loadFirmwareProfiles } from '../../src/profiles/load.js'
import { createBindingResolver } from '../../src/serial/resolve-binding.js'
import { createSimBinding, type SimBinding } from '../../src/sim/sim-binding.js'
import { openDatabase, type Db } from '../../src/storage/db.js'
import { createFilesRepo } from '../../src/storage/files-repo.js'
import { createJobsRepo, type JobsRepo } from '../../src/storage/jobs-repo.js'
import { createKvRepo, createQueueRepo } from '../../src/storage/queue-repo.js'

/** A fast simulator: high baud, little latency, quick heating and homing. */
export const FAST_SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.02'

export interface TestGateway {
  baseUrl: string
  wsUrl: string
  port: number
  dataDir: string
  db: Db
  gateway: GatewayApp
  orchestrator: Orchestrator
  printer: PrinterService
  jobs: JobsRepo
  sim: SimBinding
  close(): Promise<void>
}

/** What a test's security layer needs from the gateway, and what the gateway needs back from it. */
export interface TestSecurity {
  hook: SecurityHook
  countWebSocketsWith?(count: () => number): void
  close(): void
}

export interface TestGatewayOptions {
  plan: PlanLibrary
  simUrl?: string
  autoStart?: boolean
  /** Typed requests wait for "Print it" (the product's default is on; tests opt in). */
  confirmTypedRequests?: boolean
  uploadBytes?: number
  dataDir?: string
  connect?: boolean
  ws?: Parameters<typeof createApp>[0]['ws']
  /** Wires access control in (src/auth); without it every request is trusted, as from loopback. */
  security?: (core: { db: Db; clock: Clock; printer: PrinterService }) => TestSecurity
  /** Runs after the app is built and before the printer connects (e.g. security.start()). */
  beforeStart?: () => void
}

/** The real gateway (createApp + orchestrator + printer engine on the simulator) on a free loopback port. */
export async function startTestGateway(o: TestGatewayOptions): Promise<TestGateway> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'pg-api-'))
  const clock = createSystemClock()
  const now = () => new Date()
  const db = openDatabase(join(dataDir, 'printgate.db'))
  const jobs = createJobsRepo(db, now)
  const queue = createQueueRepo(db, now)
  const files = createFilesRepo(db)
  const sim = createSimBinding({ clock })
  const printer = createPrinterService({ clock, logger: silentLogger, profiles: loadFirmwareProfiles(), resolveBinding: createBindingResolver({ sim }), options: { defaultPort: o.simUrl ?? FAST_SIM, defaultBaud: 250000 } })
  const orchestrator = createOrchestrator({ jobs, queue, files, kv: createKvRepo(db), transaction: (fn) => db.transaction(fn)(), printer, plan: o.plan, clock, now, dataDir, options: { autoStart: o.autoStart ?? false, confirmTypedRequests: o.confirmTypedRequests ?? false, persistEveryMs: 200 } })
  const security = o.security?.({ db, clock, printer })
  const gateway = createApp({
    orchestrator, jobs, queue, files, printer, plan: o.plan, dataDir, logger: silentLogger, now, clock,
    limits: { uploadBytes: o.uploadBytes ?? 1024 * 1024 }, jsonLimitBytes: 64 * 1024, version: 'test', startedAt: Date.now(),
    checkDatabase: () => void db.prepare('SELECT 1').get(), ...(o.ws ? { ws: o.ws } : {}), ...(security ? { security: security.hook } : {}),
  })
  security?.countWebSocketsWith?.(() => gateway.hub.clientCount())
  o.beforeStart?.()
  await orchestrator.start()
  if (o.connect !== false) await printer.connect()
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: gateway.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  gateway.injectWebSocket(server as never)
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, port, dataDir, db, gateway, orchestrator, printer, jobs, sim,
    async close() {
      security?.close()
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
