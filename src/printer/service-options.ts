// The printer service's dependencies and options, and the engine view tests and benchmarks use.

import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { ArcFitOptions } from '../protocol/arc-fit.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { BindingResolver } from '../serial/resolve-binding.js'
import type { LinkSender, SenderOptions } from './link-sender.js'
import type { FlowMode, PrinterService } from './types.js'

export interface PrinterServiceOptions {
  defaultPort: string
  defaultBaud: number
  /** Firmware profile id; chosen from M115's FIRMWARE_NAME when absent. */
  profile?: string
  /** Overrides the profile's `flow.default` (buffered only where the profile allows it). */
  flowMode?: FlowMode
  consoleRing?: number
  sender?: SenderOptions
  /** M105 polling interval when the firmware cannot autoreport. */
  pollIntervalMs?: number
  watchdogMs?: number
  /** After a pulled cable, reopen the port when the device path comes back (no motion is resumed). */
  reconnect?: boolean
  /** When connect() gets no explicit baud and the default one gets no answer, try the profile's baud list. */
  autoBaud?: boolean
  /** Handshake time per baud rate while probing (default 5 s). */
  baudProbeMs?: number
  /** How often to look for the device after a pulled cable (default 1 s). */
  reconnectPollMs?: number
  progressIntervalMs?: number
  prefetchLines?: number
  /** Overrides the profile's heater watchdog limits. */
  heaterWatchdog?: FirmwareProfile['heaterWatchdog']
  /**
   * Arc fitting of the printed file (off when absent): runs of G1 moves on one circle are sent as one G2/G3, only to
   * firmware that reports `Cap:ARCS:1`. The tool path stays within `toleranceMm` of the file's; E is kept exactly.
   */
  arcFitting?: ArcFitOptions
  /** Folder for the power-loss journal (one small fsync'd file per running print); none: no journal. */
  recoveryDir?: string
}

export interface PrinterServiceDeps {
  clock: Clock
  resolveBinding: BindingResolver
  profiles: Map<string, FirmwareProfile>
  logger: Logger
  options: PrinterServiceOptions
}

/** The printer service plus what tests and benchmarks need to look inside. */
export interface PrinterEngine extends PrinterService {
  readonly sender: () => LinkSender | null
}
