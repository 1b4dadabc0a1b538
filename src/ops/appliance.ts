// Wires the appliance pieces for main.ts: sd_notify + watchdog, pid file, housekeeping, Pi health checks for /health.
import { statfs } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { PrinterService } from '../printer/types.js'
import { createEventLoopMonitor } from './event-loop-monitor.js'
import { createHousekeeper, type Housekeeper, type PruneOptions } from './housekeeping.js'
import { writePidFile } from './instance.js'
import { allOf, createPrinterLinkCheck, eventLoopResponsive } from './liveness.js'
import {
  DEFAULT_THRESHOLDS,
  DISK_FULL_BELOW_BYTES,
  healthLevel,
  readPiHealth,
  type HealthLevel,
  type HealthThresholds,
  type PiHealthDeps,
  type PiReadings,
} from './pi-health.js'
import type { NotifyTransport } from './notify-transport.js'
import { createSystemdNotifier } from './sd-notify.js'

export interface ApplianceCheck {
  status: HealthLevel
  [key: string]: unknown
}

export interface ApplianceOptions {
  /** Event-loop lag at which the watchdog stops being fed (systemd then restarts after WatchdogSec). */
  maxLagMs?: number
  /** While printing, this long with nothing from the printer stops the watchdog (default LINK_STALL_MS, 5 min). */
  linkStallMs?: number
  /** Pruning of `<dataDir>/jobs`; false turns it off. */
  housekeeping?: { maxAgeDays: number; maxTotalBytes: number; intervalMs: number } | false
  thresholds?: HealthThresholds
  /** Pi probe overrides (tests). */
  probes?: Omit<PiHealthDeps, 'dataDir'>
  env?: Record<string, string | undefined>
}

export interface ApplianceDeps {
  printer: Pick<PrinterService, 'status' | 'events'>
  clock: Clock
  logger: Logger
  dataDir: string
  /** True for files a job still needs: the one printing and queued ones. Never pruned. */
  isInUse: (path: string) => boolean | Promise<boolean>
  /** Removes unfinished-upload leftovers older than the given age (from src/api, wired by the gateway). */
  uploadLeftovers?: PruneOptions['uploadLeftovers']
  options?: ApplianceOptions
  /** The database was opened on a full disk (exclusive locking; see storage/db.ts). */
  databaseExclusive?: boolean
  /** Tests inject where sd_notify messages go. */
  notifyTransport?: NotifyTransport
}

export interface Appliance {
  /** Starts the watchdog, housekeeping and the pid file; called by ready() if not called before. */
  start(): Promise<void>
  /** READY=1 once the server listens. */
  ready(): void
  /** STOPPING=1 when shutdown begins. */
  stopping(): void
  stop(): Promise<void>
  /** Extra /health checks: soc, power, disk (absolute free space), and the watchdog when systemd asked for one. */
  extraHealthChecks(): Promise<Record<string, ApplianceCheck>>
}

const DEFAULT_HOUSEKEEPING = { maxAgeDays: 30, maxTotalBytes: 4 * 1024 ** 3, intervalMs: 6 * 3600_000 }

export function createAppliance(deps: ApplianceDeps): Appliance {
  const { printer, clock, logger, dataDir, isInUse, options = {} } = deps
  const log = logger.child({ component: 'appliance' })
  const monitor = createEventLoopMonitor({ clock })
  const maxLagMs = options.maxLagMs ?? 5000
  const linkCheck = createPrinterLinkCheck({ printer, clock, ...(options.linkStallMs ? { stallMs: options.linkStallMs } : {}) })
  let fedAt: number | null = null
  let startedAt: number | null = null
  const notifier = createSystemdNotifier({
    clock,
    ...(deps.notifyTransport ? { transport: deps.notifyTransport } : {}),
    ...(options.env ? { socketPath: options.env.NOTIFY_SOCKET, watchdogUsec: options.env.WATCHDOG_USEC, watchdogPid: options.env.WATCHDOG_PID } : {}),
    isHealthy: allOf(eventLoopResponsive(monitor, maxLagMs), linkCheck, () => ((fedAt = clock.now()), true)),
    onHealthChange: (healthy) =>
      healthy
        ? log.info('watchdog fed again')
        : log.warn('watchdog not fed: the gateway looks stuck', { eventLoopLagMs: Math.round(monitor.lagMs()), printerState: printer.status().state }),
    onSendError: (error) => log.warn('sd_notify failed', { error }),
  })
  const hk = options.housekeeping === false ? null : { ...DEFAULT_HOUSEKEEPING, ...options.housekeeping }
  const housekeeper: Housekeeper | null = hk
    ? createHousekeeper({
        clock,
        intervalMs: hk.intervalMs,
        prune: {
          roots: [join(dataDir, 'jobs')],
          ...(deps.uploadLeftovers ? { uploadLeftovers: deps.uploadLeftovers } : {}),
          maxAgeMs: hk.maxAgeDays * 86_400_000,
          maxTotalBytes: hk.maxTotalBytes,
          isInUse,
        },
        onResult: (r) =>
          r.deleted.length &&
          log.info('pruned old job files', { files: r.deleted.length, freedBytes: r.deleted.reduce((s, d) => s + d.bytes, 0), keptBytes: r.keptBytes }),
        onError: (error) => log.warn('housekeeping failed', { error }),
      })
    : null
  let started = false
  let releasePid: (() => Promise<void>) | null = null
  const offState = printer.events.on('printer:state_changed', ({ next, reason }) => void notifier.status(`printer ${next}${reason ? `: ${reason}` : ''}`))
  let cached: { at: number; readings: PiReadings } | null = null

  const start = async () => {
    if (started) return
    started = true
    startedAt = clock.now()
    monitor.start()
    notifier.start()
    housekeeper?.start()
    releasePid = await writePidFile(dataDir).catch((error: unknown) => {
      log.warn('cannot write the pid file', { error })
      return null
    })
  }

  /** Fed within two intervals (systemd restarts at WatchdogSec, twice the interval): healthy; otherwise it is starving. */
  const watchdogCheck = (intervalMs: number): ApplianceCheck => {
    const since = fedAt ?? startedAt
    const quietMs = since === null ? null : Math.round(clock.now() - since)
    const starving = quietMs !== null && quietMs > 2 * intervalMs
    return {
      status: starving ? 'unhealthy' : 'healthy',
      interval_ms: intervalMs,
      last_fed_ms_ago: fedAt === null ? null : Math.round(clock.now() - fedAt),
      event_loop_lag_ms: Math.round(monitor.lagMs()),
      ...(starving ? { reasons: [`not fed for ${quietMs} ms (interval ${intervalMs} ms)`] } : {}),
    }
  }

  return {
    start,
    ready() {
      void start().then(() => notifier.ready())
      if (notifier.enabled) log.info('told systemd we are ready', { watchdogIntervalMs: notifier.watchdogIntervalMs })
    },
    stopping() {
      void notifier.stopping()
    },
    async stop() {
      offState()
      linkCheck.dispose()
      housekeeper?.stop()
      notifier.stop()
      monitor.stop()
      await releasePid?.()
    },
    async extraHealthChecks() {
      if (!cached || clock.now() - cached.at > 10_000) cached = { at: clock.now(), readings: await readPiHealth({ dataDir, ...options.probes }) }
      const { socTempC, throttle } = cached.readings
      // the disk is read afresh: freeing space must show at once
      const disk = await (options.probes?.statfs ?? statfs)(dataDir).then(
        (f) => ({ freeBytes: f.bavail * f.bsize, totalBytes: f.blocks * f.bsize }),
        () => cached?.readings.disk ?? null,
      )
      const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS
      const verdict = (r: Partial<PiReadings>) => healthLevel({ socTempC: null, throttle: null, disk: null, ...r }, thresholds)
      const soc = verdict({ socTempC })
      const power = verdict({ throttle })
      const space = verdict({ disk })
      return {
        soc: { status: soc.level, temperature_c: socTempC, reasons: soc.reasons },
        power: {
          status: power.level,
          throttled_raw: throttle ? `0x${throttle.raw.toString(16)}` : null,
          under_voltage_now: throttle?.underVoltageNow ?? null,
          under_voltage_since_boot: throttle?.underVoltageOccurred ?? null,
          reasons: power.reasons,
          notes: power.notes,
        },
        disk: {
          status: space.level,
          free_bytes: disk?.freeBytes ?? null,
          used_percent: disk && disk.totalBytes ? Math.round((1 - disk.freeBytes / disk.totalBytes) * 1000) / 10 : null,
          full: disk ? disk.freeBytes < DISK_FULL_BELOW_BYTES : null,
          database: deps.databaseExclusive ? 'exclusive (opened on a full disk)' : 'shared',
          reasons: space.reasons,
        },
        ...(notifier.watchdogIntervalMs !== null ? { watchdog: watchdogCheck(notifier.watchdogIntervalMs) } : {}),
      }
    },
  }
}
