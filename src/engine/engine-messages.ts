// The IPC message set between the gateway's printer proxy and the engine host, and GatewayErrors on the wire.

import { ERROR_CODES, GatewayError, type ErrorCode } from '../core/errors.js'
import type { LogLevel } from '../core/logger.js'
import type { PrinterServiceOptions } from '../printer/service-options.js'
import type { ConsoleLine, PrinterEvents, PrinterStatus, PrintResult } from '../printer/types.js'

/** What the engine host is started with (the engine process gets it as its argument). */
export interface EngineStartData {
  options: PrinterServiceOptions
  logLevel: LogLevel
  /** How long console lines are gathered before they cross to the gateway. */
  consoleBatchMs?: number
}

export type RpcMethod =
  'connect' | 'disconnect' | 'startPrint' | 'pause' | 'resume' | 'cancel' | 'emergencyStop' | 'sendCommand' | 'listPorts' | 'shutdown' | 'simStats'

export interface WireError {
  code: ErrorCode
  message: string
  detail?: unknown
}

/** Gateway → engine. */
export type HostMessage = { type: 'call'; id: number; method: RpcMethod; args: unknown[] }

/** Engine → gateway. Every message but `log` carries the engine's status at the time it was posted. */
export type EngineMessage =
  | { type: 'ready'; status: PrinterStatus; /** The engine's performance.timeOrigin: console `at` values count from it. */ timeOrigin: number }
  | { type: 'event'; name: Exclude<keyof PrinterEvents, 'printer:console'>; payload: unknown; status: PrinterStatus }
  | { type: 'console'; lines: ConsoleLine[]; status: PrinterStatus }
  | { type: 'reply'; id: number; ok: true; value: unknown; status: PrinterStatus }
  | { type: 'reply'; id: number; ok: false; error: WireError; status: PrinterStatus }
  | { type: 'done'; jobId: string; result: PrintResult; status: PrinterStatus }
  | { type: 'log'; level: LogLevel; msg: string; fields: Record<string, unknown> }

/** What `simStats(path)` answers: the simulated printer's counters and a glimpse of its transcript. */
export interface SimStatsReply {
  stats: Record<string, unknown>
  transcriptLength: number
  firstEntry: unknown
  lastEntry: unknown
  /** The last ten commands the firmware executed, oldest first. */
  tail: string[]
  /** How many executed commands match the pattern given with the call (0 without one). */
  matching: number
}

/** Plain data that survives structured cloning (functions, class instances and cycles do not). */
export function toPlainData(value: unknown): unknown {
  if (value === undefined) return undefined
  try {
    return JSON.parse(JSON.stringify(value)) as unknown
  } catch {
    return String(value)
  }
}

export function errorToWire(error: unknown): WireError {
  if (error instanceof GatewayError) {
    return { code: error.code, message: error.message, ...(error.detail !== undefined ? { detail: toPlainData(error.detail) } : {}) }
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}

export function errorFromWire(wire: WireError): GatewayError {
  const code: ErrorCode = wire.code in ERROR_CODES ? wire.code : 'INTERNAL'
  return new GatewayError(code, wire.message, wire.detail !== undefined ? { detail: wire.detail } : {})
}
