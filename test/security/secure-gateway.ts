// Starts the real gateway with security wired in; a test header stands in for the LAN source address.
import { serve, type ServerType } from '@hono/node-server'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { createApp, type GatewayApp } from '../../src/app.js'
import { socketAddress } from '../../src/auth/client-address.js'
import { createSecurity, type Security, type SecurityDeps } from '../../src/auth/security.js'
import { createSystemClock } from '../../src/core/clock.js'
import { createLogger, silentLogger } from '../../src/core/logger.js'
import { createOrchestrator, type Orchestrator } from '../../src/jobs/orchestrator.js'
import { createPrinterService } from '../../src/printer/printer-service.js'
import type { PrinterService } from '../../src/printer/types.js'
import { loadFirmwareProfiles } from '../../src/profiles/load.js'
import { createBindingResolver } from '../../src/serial/resolve-binding.js'
import { createSimBinding, type SimBinding } from '../../src/sim/sim-binding.js'
import { openDatabase, type Db } from '../../src/storage/db.js'
import { createFilesRepo } from '../../src/storage/files-repo.js'
import { createJobsRepo } from '../../src/storage/jobs-repo.js'
import { createKvRepo, createQueueRepo } from '../../src/storage/queue-repo.js'
import { createFakePlan } from '../api/fake-plan.js'

/** Requests carrying this header are treated as coming from that address (tests only; never in src/). */
export const PEER_HEADER = 'x-test-peer'
export const LAN_PEER = '192.168.1.77'
export const FAST_SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.02'

export interface SecureGateway {
  baseUrl: string
  wsUrl: string
  port: number
  db: Db
  gateway: GatewayApp
  security: Security
  adminKey: string
  pairingCode: string
  orchestrator: Orchestrator
  printer: PrinterService
  sim: SimBinding
  plan: ReturnType<typeof createFakePlan>
  logLines: string[]
  close(): Promise<void>
}

export async function startSecureGateway(o: { options?: SecurityDeps['options']; simUrl?: string; autoStart?: boolean } = {}): Promise<SecureGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-sec-'))
  const clock = createSystemClock()
  const now = () => new Date()
  const db = openDatabase(join(dataDir, 'printgate.db'))
  const jobs = createJobsRepo(db, now)
  const queue = createQueueRepo(db, now)
  const files = createFilesRepo(db)
  const sim = createSimBinding({ clock })
  const plan = createFakePlan()
  const logLines: string[] = []
  const logger = createLogger({ level: 'info', write: (l) => logLines.push(l) })
  const printer = createPrinterService({ clock, logger: silentLogger, profiles: loadFirmwareProfiles(), resolveBinding: createBindingResolver({ sim }), options: { defaultPort: o.simUrl ?? FAST_SIM, defaultBaud: 250000 } })
  const orchestrator = createOrchestrator({ jobs, queue, files, kv: createKvRepo(db), transaction: (fn) => db.transaction(fn)(), printer, plan, clock, now, dataDir, options: { autoStart: o.autoStart ?? true, persistEveryMs: 200 } })
  const security = createSecurity({
    db, clock, logger, printer, options: o.options,
    addressSource: (c) => c.req.header(PEER_HEADER) ?? socketAddress(c),
  })
  const gateway = createApp({
    orchestrator, jobs, queue, files, printer, plan, dataDir, logger: silentLogger, now, clock,
    limits: { uploadBytes: 4 * 1024 * 1024 }, jsonLimitBytes: 64 * 1024, version: 'test', startedAt: Date.now(),
    checkDatabase: () => void db.prepare('SELECT 1').get(), security: security.hook,
  })
  security.countWebSocketsWith(() => gateway.hub.clientCount())
  const { adminKey, pairingCode } = security.start()
  await orchestrator.start()
  await printer.connect()
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: gateway.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  gateway.injectWebSocket(server as never)
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, port, db, gateway, security,
    adminKey: adminKey!, pairingCode: pairingCode!, orchestrator, printer, sim, plan, logLines,
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
