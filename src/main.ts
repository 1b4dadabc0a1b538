// The composition root: reads config, opens the database and the printer, listens, and shuts down cleanly on signals.
import { serve } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { createApp, type SecurityHook } from './app.js'
import { createSecurity } from './auth/security.js'
import { createCameraService } from './camera/index.js'
import { startDiscovery } from './compat/discovery.js'
import { loadConfig } from './config/load.js'
import { createSystemClock } from './core/clock.js'
import { createLogger } from './core/logger.js'
import { createOrchestrator } from './jobs/orchestrator.js'
import * as plan from './plan/index.js'
import { createPrinterService } from './printer/printer-service.js'
import type { PrinterService } from './printer/types.js'
import { createPrinterWorker } from './printer/worker/printer-proxy.js'
import { loadFirmwareProfiles } from './profiles/load.js'
import { createBindingResolver } from './serial/resolve-binding.js'
import { createSimBinding } from './sim/sim-binding.js'
import { openDatabase } from './storage/db.js'
import { createFilesRepo } from './storage/files-repo.js'
import { createJobsRepo } from './storage/jobs-repo.js'
import { createKvRepo, createQueueRepo } from './storage/queue-repo.js'
import { FINISHED_STATUSES, JOB_STATUSES } from './jobs/types.js'
import { createAppliance } from './ops/appliance.js'
import { attachConsoleTrace, consoleTraceFromEnv } from './ops/console-trace.js'
import { inUseByLiveJobs } from './ops/housekeeping.js'
import { createJournalWriter } from './ops/journal.js'

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

async function main(): Promise<void> {
  const config = loadConfig()
  const logger = createLogger({ level: config.logging.level, write: createJournalWriter() }).child({ service: 'printgate' })
  const clock = createSystemClock()
  const now = () => new Date()
  const db = openDatabase(join(config.dataDir, 'printgate.db'))
  const jobs = createJobsRepo(db, now)
  const queue = createQueueRepo(db, now)
  const files = createFilesRepo(db)
  const printerOptions = { defaultPort: config.printer.port, defaultBaud: config.printer.baud, ...(config.printer.firmwareProfile ? { profile: config.printer.firmwareProfile } : {}) }
  // 'process'/'worker': serial engine (and a sim:// printer) on its own event loop; 'main': all on this one.
  const sim = config.printer.thread === 'main' ? createSimBinding({ clock }) : null
  const printer: PrinterService = sim
    ? createPrinterService({ clock, logger, profiles: loadFirmwareProfiles(), resolveBinding: createBindingResolver({ sim }), options: printerOptions })
    : await createPrinterWorker({ logger, logLevel: config.logging.level, options: printerOptions, runIn: config.printer.thread === 'worker' ? 'thread' : 'process', bundleDir: join(config.dataDir, 'cache') })
  if (config.logging.consoleTraffic || consoleTraceFromEnv()) attachConsoleTrace(printer.events, logger.child({ component: 'console' }))
  const orchestrator = createOrchestrator({
    jobs, queue, files, kv: createKvRepo(db), transaction: (fn) => db.transaction(fn)(), printer, plan, clock, now,
    dataDir: config.dataDir, logger: logger.child({ component: 'jobs' }),
    options: { autoStart: config.queue.autoStart, confirmTypedRequests: config.queue.confirmTypedRequests, allowFirmwareCommandsInFiles: config.printer.allowFirmwareCommandsInFiles, slicerTimeoutMs: config.slicer.timeoutMs, ...(config.slicer.path ? { slicerPath: config.slicer.path } : {}) },
  })

  // ── security hook: src/auth wires itself here ──
  const secured = createSecurity({ db, clock, logger, printer, options: { ...config.security, corsOrigins: config.http.corsOrigins, jsonLimitBytes: config.http.jsonLimitBytes } })
  secured.countWebSocketsWith(() => gateway.hub.clientCount())
  secured.start()
  const security: SecurityHook | undefined = secured.hook
  // sd_notify READY/WATCHDOG, pid file, housekeeping of old job files, Pi health checks for /health
  const liveStatuses = JOB_STATUSES.filter((s) => !FINISHED_STATUSES.includes(s))
  const appliance = createAppliance({
    printer, clock, logger, dataDir: config.dataDir,
    isInUse: inUseByLiveJobs(config.dataDir, () => [orchestrator.activeJobId(), ...queue.list(), ...jobs.withStatus(liveStatuses).map((j) => j.id)]),
  })

  // cameras: one upstream connection each, fanned out; timelapse frames at layer changes
  const camera = createCameraService({ config: config.camera, printer, clock, dataDir: config.dataDir, logger })
  const gateway = createApp({
    orchestrator, jobs, queue, files, printer, plan, dataDir: config.dataDir, logger: logger.child({ component: 'api' }), now, clock,
    limits: { uploadBytes: config.files.maxUploadBytes }, jsonLimitBytes: config.http.jsonLimitBytes, corsOrigins: config.http.corsOrigins,
    version: VERSION, startedAt: Date.now(), checkDatabase: () => void db.prepare('SELECT 1').get(),
    ...(security ? { security } : {}),
    extraHealthChecks: () => appliance.extraHealthChecks(),
    camera,
  })

  await orchestrator.start()
  const server = serve({ fetch: gateway.app.fetch, port: config.http.port, hostname: config.http.host }, (info: AddressInfo) => {
    logger.info('listening', { host: info.address, port: info.port, url: `http://${info.address}:${info.port}/`, dataDir: config.dataDir, printerPort: config.printer.port })
    appliance.ready()
  })
  gateway.injectWebSocket(server as never)
  // mDNS (_octoprint._tcp, _http._tcp): on for a real serial port, off on the simulator unless PRINTGATE_MDNS=1
  const discovery = startDiscovery(config, logger.child({ component: 'discovery' }), { version: VERSION })
  if (config.printer.autoConnect) {
    printer.connect().catch((error: unknown) => logger.warn('printer connect failed; retry with POST /api/printer/connect', { error }))
  }

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    appliance.stopping()
    logger.info('shutting down', { signal, onPrint: config.printer.onShutdown })
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, 30_000)
    force.unref()
    server.close()
    void discovery?.stop()
    try {
      await orchestrator.stop(config.printer.onShutdown)
      await printer.shutdown()
      await appliance.stop()
    } catch (error) {
      logger.error('shutdown step failed', { error })
    }
    camera.stop()
    gateway.dispose()
    sim?.dispose()
    db.close()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`printgate failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
