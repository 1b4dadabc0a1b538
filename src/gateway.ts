// The gateway's composition as one function: database, printer engine, jobs, security, appliance, the Hono app; start, listen, close.
import { serve, type ServerType } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createApp, type GatewayApp, type SecurityHook } from './app.js'
import { removeUploadLeftovers } from './api/upload.js'
import { limitSlowClients } from './api/server-timeouts.js'
import { createSecurity } from './auth/security.js'
import { createCameraService, type CameraService } from './camera/index.js'
import { appCredentialsFrom } from './compat/app-credentials.js'
import { startDiscovery } from './compat/discovery.js'
import { installUuid } from './compat/install-id.js'
import { createMqttBridge } from './mqtt/bridge.js'
import type { Config } from './config/schema.js'
import { GatewayError } from './core/errors.js'
import { DEFAULT_PRINTER, printersOf, type PrinterSettings } from './config/printers.js'
import { createFarmOrchestrator } from './farm/farm-orchestrator.js'
import { createPrinters } from './farm/registry.js'
import type { PrinterUnit, Printers } from './farm/types.js'
import { scopeJobsRepo } from './storage/printer-scope.js'
import { createSystemClock, type Clock } from './core/clock.js'
import type { Logger } from './core/logger.js'
import { startEngine } from './engine/start-engine.js'
import type { EngineProxy } from './engine/printer-proxy.js'
import { createOrchestrator, type Orchestrator } from './jobs/orchestrator.js'
import type { PlanLibrary } from './jobs/plan-port.js'
import * as planLibrary from './plan/index.js'
import { FINISHED_STATUSES, JOB_STATUSES } from './jobs/types.js'
import { createAppliance } from './ops/appliance.js'
import { attachConsoleTrace } from './ops/console-trace.js'
import { inUseByLiveJobs } from './ops/housekeeping.js'
import type { PrinterService } from './printer/types.js'
import type { SimBinding } from './sim/sim-binding.js'
import type { TokenStore } from './auth/token-store.js'
import { openGatewayDatabase, type Db } from './storage/db.js'
import { isDiskFull } from './core/disk-full.js'
import { createFilesRepo, type FilesRepo } from './storage/files-repo.js'
import { createJobsRepo, type JobsRepo } from './storage/jobs-repo.js'
import { createKvRepo, createQueueRepo, type QueueRepo } from './storage/queue-repo.js'
import { listenSecure } from './api/https.js'
import { createNotifier } from './notify/notifier.js'
import { createNotifyRoutes } from './notify/routes.js'
import { createNotifySettings } from './notify/settings.js'
import { createWebPush } from './notify/web-push.js'
import { createTemperatureHistory } from './telemetry/temperature-history.js'

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

/** Access control as the gateway sees it (src/auth provides the real one). */
export interface SecurityPart {
  hook: SecurityHook
  countWebSocketsWith?(count: () => number): void
  start?(): void
  close(): void
  /** The credentials store: approved app keys are issued into it, and compat's push sockets check their key is still live in it. */
  store: Pick<TokenStore, 'issue' | 'list'>
}

export type SecurityFactory = (core: { db: Db; clock: Clock; logger: Logger; printer: PrinterService }) => SecurityPart

/** What a caller other than main.ts may change; everything else comes from the config. */
export interface GatewayOverrides {
  /** The words-to-G-code library; src/plan by default. */
  plan?: PlanLibrary
  /** null: no access control (every request trusted, as from loopback); a factory: that one instead of src/auth's. */
  security?: SecurityFactory | null
  ws?: Parameters<typeof createApp>[0]['ws']
  /** In-process engine only: the simulator a test wants to look into. */
  sim?: SimBinding
  /** How often a printing job's progress is written to SQLite. */
  persistEveryMs?: number
  /** Node options for the engine process. */
  engineNodeOptions?: string[]
  version?: string
}

/** The camera tied to a printer (`printer:` in its config; a single printer also gets the first untied camera), as JPEG snapshots. */
function cameraSnapshot(cameras: CameraService['cameras'], printerId: string, single: boolean): (() => Promise<Buffer | null>) | null {
  const tied = cameras.find((c) => c.config.printer === printerId || (single && !c.config.printer))
  return tied ? () => tied.relay.freshFrame(5_000, 10_000).then((frame) => frame.jpeg) : null
}

/** One configured printer as the gateway composes it. */
export type GatewayPrinter = PrinterUnit<EngineProxy> & { settings: PrinterSettings; temperatureHistory: ReturnType<typeof createTemperatureHistory> }

export interface Gateway {
  config: Config
  db: Db
  jobs: JobsRepo
  queue: QueueRepo
  files: FilesRepo
  /** Every printer's jobs: new jobs go to the asked-for or picked printer, job calls to the job's printer. */
  orchestrator: Orchestrator
  /** The main printer (`default`, or the first of `printers:`): the seed's API and the compat layers drive it. */
  printer: EngineProxy
  printers: Printers<GatewayPrinter>
  app: GatewayApp
  /** Starts security, the appliance and the job queue; connects the printer (`background` by default when printer.autoConnect). */
  start(options?: { connect?: 'background' | 'wait' | false }): Promise<void>
  /** Listens on the configured host and port (0: a free one), and on the HTTPS port when https has a cert; READY=1 to systemd once it does. */
  listen(): Promise<{ server: ServerType; port: number; host: string; httpsPort: number | null }>
  /** Stops in reverse order: HTTP, discovery, jobs (a running print is cancelled or paused), engine, appliance, database. */
  close(onPrint?: 'cancel' | 'pause'): Promise<void>
}

export async function createGateway(config: Config, logger: Logger, o: GatewayOverrides = {}): Promise<Gateway> {
  const clock = createSystemClock()
  const now = () => new Date()
  const version = o.version ?? VERSION
  const opened = openGatewayDatabase(join(config.dataDir, 'printgate.db'))
  const db = opened.db
  if (opened.exclusive)
    logger.warn('the data disk is full: database opened read-mostly (exclusive); free space via GET /api/housekeeping', { dataDir: config.dataDir })
  const jobs = createJobsRepo(db, now)
  const queue = createQueueRepo(db, now)
  const files = createFilesRepo(db)
  const plan = o.plan ?? planLibrary
  // one engine process, job runner, queue and bed-clear gate per printer (issue 19); `default`/the first one serves the seed's API
  const orchestratorOptions = {
    autoStart: config.queue.autoStart,
    confirmTypedRequests: config.queue.confirmTypedRequests,
    slicerTimeoutMs: config.slicer.timeoutMs,
    ...(config.slicer.path ? { slicerPath: config.slicer.path } : {}),
    ...(o.persistEveryMs !== undefined ? { persistEveryMs: o.persistEveryMs } : {}),
  }
  const untied = config.camera.cameras.find((c) => c.printer && !printersOf(config).some((p) => p.id === c.printer))
  if (untied) throw new GatewayError('CONFIG_INVALID', `Camera ${untied.name} is tied to printer "${untied.printer}", which is not configured`)
  const units = await Promise.all(
    printersOf(config).map(async (settings): Promise<GatewayPrinter> => {
      const main = settings.id === DEFAULT_PRINTER.id
      const printer = await startEngine({
        mode: settings.engine,
        logger: main ? logger : logger.child({ printer: settings.id }),
        logLevel: config.logging.level,
        options: {
          defaultPort: settings.port,
          defaultBaud: settings.baud,
          recoveryDir: join(config.dataDir, main ? 'recovery' : `recovery-${settings.id}`),
          ...(settings.firmwareProfile ? { profile: settings.firmwareProfile } : {}),
          ...(settings.arcFitting ? { arcFitting: { toleranceMm: settings.arcToleranceMm } } : {}),
          ...(settings.flowMode ? { flowMode: settings.flowMode } : {}),
        },
        ...(o.sim ? { sim: o.sim } : {}),
        ...(o.engineNodeOptions ? { nodeOptions: o.engineNodeOptions } : {}),
      })
      if (config.logging.consoleTraffic) attachConsoleTrace(printer.events, logger)
      const scopedJobs = scopeJobsRepo(db, jobs, settings.id)
      const printerQueue = createQueueRepo(db, now, settings.id)
      const orchestrator = createOrchestrator({
        jobs: scopedJobs,
        queue: printerQueue,
        files,
        kv: createKvRepo(db, main ? '' : `printer:${settings.id}:`),
        transaction: (fn) => db.transaction(fn)(),
        printer,
        plan,
        clock,
        now,
        dataDir: config.dataDir,
        logger: logger.child({ component: 'jobs', ...(main ? {} : { printer: settings.id }) }),
        options: { ...orchestratorOptions, allowFirmwareCommandsInFiles: settings.allowFirmwareCommandsInFiles },
      })
      const temperatureHistory = createTemperatureHistory({ events: printer.events, now: () => now().getTime() })
      return {
        id: settings.id,
        name: settings.name,
        printer,
        orchestrator,
        queue: printerQueue,
        jobs: scopedJobs,
        bed: settings.bed,
        temperatureHistory,
        settings,
      }
    }),
  )
  const printers = createPrinters(units, jobs)
  const printer = printers.main.printer
  const orchestrator = createFarmOrchestrator({ printers, files, logger })
  const defaultSecurity: SecurityFactory = (core) =>
    createSecurity({ ...core, options: { ...config.security, corsOrigins: config.http.corsOrigins, jsonLimitBytes: config.http.jsonLimitBytes } })
  const security = o.security === null ? null : (o.security ?? defaultSecurity)({ db, clock, logger, printer })
  const liveStatuses = JOB_STATUSES.filter((s) => !FINISHED_STATUSES.includes(s))
  const appliance = createAppliance({
    printer,
    clock,
    logger,
    dataDir: config.dataDir,
    databaseExclusive: opened.exclusive,
    uploadLeftovers: (olderThanMs, now) => removeUploadLeftovers(join(config.dataDir, 'files'), { olderThanMs, now }),
    isInUse: inUseByLiveJobs(config.dataDir, () => [
      ...units.map((u) => u.orchestrator.activeJobId()),
      ...queue.list(),
      ...jobs.withStatus(liveStatuses).map((j) => j.id),
    ]),
  })
  // cameras: one upstream connection each, fanned out; timelapse frames at layer changes
  const camera = createCameraService({ config: config.camera, printer, clock, dataDir: config.dataDir, logger })
  for (const unit of units) {
    const index = camera.cameras.findIndex((c) => c.config.printer === unit.id || (!config.printers && !c.config.printer))
    const info = index < 0 ? undefined : camera.webcams()[index]
    unit.camera = info ? { name: info.name, snapshotUrl: info.snapshotUrl, streamUrl: info.streamUrl } : null
  }
  // ntfy/Apprise-style notifications when a job finishes, fails, pauses or waits for the bed; never on the job's path
  const notifySettings = createNotifySettings(createKvRepo(db), [...config.notify.urls, ...(config.notify.url ? [config.notify.url] : [])])
  const notifyLogger = logger.child({ component: 'notify' })
  const webPush = createWebPush({
    dataDir: config.dataDir,
    kv: createKvRepo(db),
    logger: notifyLogger,
    now: () => now().getTime(),
    subject: config.notify.pushSubject,
  })
  const notifier = createNotifier({
    events: orchestrator.events,
    targets: () => notifySettings.targets(),
    waitsForBed: () => !config.queue.autoStart,
    clock,
    logger: notifyLogger,
    push: webPush,
  })
  // the last 30 minutes of temperatures, so a reloaded chart is not empty; the age of the last reading
  const temperatureHistory = printers.main.temperatureHistory
  // MQTT (src/mqtt): state, Home Assistant discovery, commands and the fleet on the broker the home already runs
  const mqttUrl = config.mqtt.url
  const gatewayId = config.mqtt.gatewayId ?? installUuid(db).slice(0, 8)
  // one bridge (connection, last will, HA device) per printer; the main printer's also announces the gateway and lists the fleet
  const bridges = mqttUrl
    ? units.map((unit) =>
        createMqttBridge({
          config: { ...config.mqtt, url: mqttUrl },
          gatewayId,
          printer: unit.printer,
          printerId: unit.id,
          printerName: config.printers ? unit.name : config.mqtt.name,
          orchestrator: unit.orchestrator,
          jobs,
          clock,
          version,
          logger: logger.child({ component: 'mqtt', ...(unit === printers.main ? {} : { printer: unit.id }) }),
          gateway:
            unit === printers.main
              ? { printers: () => units.map((u) => ({ id: u.id, name: u.name, state: u.printer.status().state })), printerIds: units.map((u) => u.id) }
              : null,
          snapshot: cameraSnapshot(camera.cameras, unit.id, !config.printers),
        }),
      )
    : []
  const mqtt = bridges[units.indexOf(printers.main)] ?? null
  for (const unit of units) if (unit !== printers.main) unit.printer.events.on('printer:state_changed', () => mqtt?.announce())
  const app = createApp({
    orchestrator,
    jobs,
    queue,
    files,
    printer,
    plan,
    dataDir: config.dataDir,
    logger: logger.child({ component: 'api' }),
    now,
    clock,
    limits: { uploadBytes: config.files.maxUploadBytes },
    jsonLimitBytes: config.http.jsonLimitBytes,
    corsOrigins: config.http.corsOrigins,
    version,
    startedAt: Date.now(),
    checkDatabase: () => void db.prepare('SELECT 1').get(),
    ...(security ? { security: security.hook } : {}),
    ...(o.ws ? { ws: o.ws } : {}),
    extraHealthChecks: () => appliance.extraHealthChecks(),
    camera,
    notify: { routes: createNotifyRoutes({ settings: notifySettings, notifier, httpsPort: () => httpsPort, push: webPush }) },
    fleet: mqtt ? () => mqtt.fleet() : null,
    // phone apps (src/compat): approved app keys are ordinary API keys; Moonraker's database lives in SQLite
    apps: { db, webcams: () => camera.webcams(), ...(security ? { credentials: appCredentialsFrom(security.store) } : {}) },
    temperatureHistory,
    queueAutoStart: config.queue.autoStart,
    printers,
  })
  security?.countWebSocketsWith?.(() => app.hub.clientCount())

  let server: ServerType | null = null
  let secureServer: ServerType | null = null
  let httpsPort: number | null = null
  let discovery: ReturnType<typeof startDiscovery> = null
  return {
    config,
    db,
    jobs,
    queue,
    files,
    orchestrator,
    printer,
    printers,
    app,
    async start(options = {}) {
      security?.start?.()
      await appliance.start()
      await orchestrator.start().catch((error: unknown) => {
        // Started on a full disk: serve reads and housekeeping; jobs left printing are marked on the next start.
        if (!isDiskFull(error)) throw error
        logger.warn('the job queue could not record its restart: the data disk is full', { code: (error as { code?: string }).code })
      })
      // Uploads a killed gateway was receiving: nothing listens yet, so every `.part` file is a leftover.
      const leftovers = await removeUploadLeftovers(join(config.dataDir, 'files'))
      if (leftovers.length > 0) logger.info('removed unfinished uploads', { files: leftovers.length, freedBytes: leftovers.reduce((s, l) => s + l.bytes, 0) })
      for (const bridge of bridges) bridge.start()
      await Promise.all(
        units.map(async ({ id, printer, settings }) => {
          const connect = options.connect ?? (settings.autoConnect ? 'background' : false)
          if (connect === 'wait') await printer.connect()
          else if (connect === 'background') {
            printer
              .connect()
              .catch((error: unknown) => logger.warn(`printer connect failed; retry with POST /api/printers/${id}/connect`, { printer: id, error }))
          }
        }),
      )
    },
    async listen() {
      const listening = await new Promise<{ server: ServerType; info: AddressInfo }>((resolve) => {
        // Node checks header and request deadlines on this interval (30 s by default, too coarse for a 10 s deadline)
        const serverOptions = { connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(config.http.headersTimeoutMs / 2))) }
        const s = serve({ fetch: app.app.fetch, port: config.http.port, hostname: config.http.host, serverOptions }, (info) => resolve({ server: s, info }))
      })
      server = listening.server
      limitSlowClients(server, config.http)
      app.injectWebSocket(server as never)
      const { address: host, port } = listening.info
      logger.info('listening', { host, port, url: `http://${host}:${port}/`, dataDir: config.dataDir, printerPort: config.printer.port })
      if (config.https.cert && config.https.key) {
        const secure = await listenSecure(app.app.fetch, { ...config.https, cert: config.https.cert, key: config.https.key }, config.http.host)
        secureServer = secure.server
        httpsPort = secure.port
        limitSlowClients(secureServer, config.http)
        app.injectWebSocket(secureServer as never)
        logger.info('listening', { host, port: httpsPort, url: `https://${host}:${httpsPort}/`, cert: config.https.cert })
      }
      appliance.ready()
      // mDNS (_octoprint._tcp, _http._tcp): on for a real serial port, off on the simulator unless discovery.mdns says otherwise
      discovery = startDiscovery(config, logger.child({ component: 'discovery' }), { version, uuid: installUuid(db) })
      return { server, port, host, httpsPort }
    },
    async close(onPrint = config.printer.onShutdown) {
      appliance.stopping()
      app.dispose()
      for (const s of [server, secureServer]) {
        if (!s) continue
        ;(s as { closeAllConnections?: () => void }).closeAllConnections?.()
        await new Promise((resolve) => s.close(resolve))
      }
      await discovery?.stop()
      await Promise.all(bridges.map((bridge) => bridge.stop()))
      try {
        await orchestrator.stop(onPrint)
        await Promise.all(units.map((u) => u.printer.shutdown()))
      } catch (error) {
        logger.error('shutdown step failed', { error })
      }
      camera.stop()
      security?.close()
      await appliance.stop()
      db.close()
    },
  }
}
