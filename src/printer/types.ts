// The printer link's public contract: what the rest of printgate may use to reach the printer.

import type { TypedEmitter } from '../core/events.js'
import type { ErrorCode } from '../core/errors.js'
import type { Position, Temperatures } from '../protocol/types.js'

export type PrinterState = 'disconnected' | 'connecting' | 'handshake' | 'operational' | 'printing' | 'paused' | 'error'

export type FlowMode = 'ping-pong' | 'buffered'

export type { HeaterReading, Position, Temperatures } from '../protocol/types.js'

export interface FirmwareInfo {
  name: string | null
  version: string | null
  /** Firmware profile id in use (`marlin`, `prusa-mk3`, …). */
  profile: string
  capabilities: Record<string, boolean>
  advancedOk: boolean
}

export interface LinkStats {
  port: string | null
  baud: number | null
  linesSent: number
  bytesSent: number
  resends: number
  timeouts: number
  checksumErrors: number
  /** The current (or last) print's longest wait between two ordinary job lines sent, in ms (long commands and pauses excluded). */
  longestSendGapMs?: number
}

export type JobOutcome = 'completed' | 'cancelled' | 'failed' | 'interrupted'

export interface PrintProgress {
  jobId: string
  linesTotal: number | null
  linesConfirmed: number
  bytesConfirmed: number
  bytesTotal: number
  /** 0–100, by bytes confirmed. */
  percent: number
  layer: number | null
  z: number | null
  elapsedMs: number
  /** Time spent paused, excluded from elapsedMs. */
  pausedMs: number
}

export interface PrintResult {
  jobId: string
  outcome: JobOutcome
  /** Stable code and words when the outcome is not `completed`. */
  code?: ErrorCode
  reason?: string
  /** Last line of the file the printer confirmed (1-based line number in the file). */
  lastConfirmedLine: number
  byteOffset: number
  layer: number | null
  z: number | null
  temperatures: Temperatures | null
  elapsedMs: number
}

export interface PrinterStatus {
  state: PrinterState
  /** Why the printer is in `error` or `disconnected`, when known. */
  reason: string | null
  firmware: FirmwareInfo | null
  flowMode: FlowMode
  temperatures: Temperatures | null
  position: Position | null
  link: LinkStats
  job: PrintProgress | null
  /** The firmware is waiting for a person (absent in older snapshots). */
  prompt?: HostPrompt | null
  /** The firmware offers to continue a host print it saved at a power cut (absent in older snapshots). */
  firmwareRecovery?: FirmwareRecoveryOffer | null
}

/** Prusa's power panic: the printer kept a host print and waits for the host to continue it after `line`. */
export interface FirmwareRecoveryOffer {
  firmware: 'prusa-m79'
  /** The last line (by its number on the wire) whose moves had run. */
  line: number
  /** The bed was still warm at boot (`uvlo_auto_recovery_ready`). */
  automatic: boolean
}

export interface ConsoleLine {
  direction: 'sent' | 'received'
  line: string
  at: number
}

/** The firmware waits for a person: its text and buttons, and how it wants the answer. */
export interface HostPrompt {
  text: string
  buttons: string[]
  /** `M876` = `M876 S<button index>` (host prompt support); `M108` = a plain "continue". */
  answer: 'M876' | 'M108'
  /** Engine clock time when it opened. */
  since: number
}

/** Events the printer link emits; names are `domain:event`. */
export type PrinterEvents = {
  'printer:state_changed': { prev: PrinterState; next: PrinterState; reason: string | null }
  'printer:temperature': Temperatures
  'printer:position': Position
  'printer:progress': PrintProgress
  'printer:console': ConsoleLine
  'printer:job_started': { jobId: string }
  'printer:job_paused': { jobId: string }
  'printer:job_resumed': { jobId: string }
  'printer:job_ended': PrintResult
  /** A `//action:` line or other notice a person should see. */
  'printer:notice': { level: 'info' | 'warning' | 'error'; message: string }
  /** A prompt opened (M0/M1/M600, `//action:prompt_*`) or closed (null). */
  'printer:prompt': HostPrompt | null
}

export interface ConnectOptions {
  /** A device path or a `sim://…` URL. */
  port?: string
  baud?: number
  /** A firmware profile id; chosen from FIRMWARE_NAME when absent. */
  profile?: string
}

/** What the connection settings offer. */
export interface PortChoices {
  ports: { path: string; source: string; target?: string; aliases?: string[]; manufacturer?: string; vendorId?: string; productId?: string }[]
  profiles: { id: string; name: string; baudRates: number[] }[]
}

/** The only way into the printer. Everything else in printgate goes through this. */
export interface PrinterService {
  readonly events: TypedEmitter<PrinterEvents>
  status(): PrinterStatus
  connect(options?: ConnectOptions): Promise<void>
  disconnect(): Promise<void>
  /**
   * Starts streaming a G-code file; resolves once streaming has begun.
   * Throws GatewayError PRINTER_NOT_CONNECTED / PRINTER_BUSY / GCODE_LINE_TOO_LONG.
   * The outcome arrives as `printer:job_ended` and through `done`.
   */
  startPrint(job: {
    jobId: string
    path: string
    /** Let firmware-changing commands through the pre-print scan. */ allowFirmwareCommands?: boolean
  }): Promise<{ done: Promise<PrintResult> }>
  pause(): Promise<void>
  resume(): Promise<void>
  /** Stops feeding and runs the profile's cancel script (heaters, fan, motors off). Never M112. */
  cancel(): Promise<void>
  /** M112 at once, bypassing the queue; the state becomes `error` until reconnected. */
  emergencyStop(): Promise<void>
  /** A console command sent between job lines; resolves with the reply lines up to its ok. */
  sendCommand(line: string): Promise<string[]>
  /** Recent console traffic (bounded ring). */
  recentConsole(): ConsoleLine[]
  /** Serial ports that look like printers, and the firmware profiles with their baud rates (looked up where the port is opened). */
  listPorts(): Promise<PortChoices>
  /** Brings a running print to a safe state and closes the port (SIGTERM path). */
  shutdown(): Promise<void>
}
