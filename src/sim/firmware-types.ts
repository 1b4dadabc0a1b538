// Types the firmware model shares with its adapters: transcript entries, counters, hooks.
import type { Wait } from './commands.js'
import type { Position4 } from './motion.js'

export interface TranscriptEntry {
  /** The line's N, or null for an unnumbered line (which Marlin accepts unchecked). */
  lineNumber: number | null
  command: string
  /** Clock time when execution started. */
  at: number
  /** Set when this was the tail of a line cut by a receive-buffer drain (never on a host's own line). */
  fragment?: true
}

/** A snapshot of the simulated printer for assertions. */
export interface FirmwareState {
  position: Position4
  toolActual: number
  toolTarget: number
  bedActual: number
  bedTarget: number
  /** Moves waiting in (or executing from) the planner. */
  plannerQueued: number
  commandSlotsUsed: number
  rxBytes: number
  /** The command being executed (blocked), if any. */
  executing: string | null
  halted: boolean
  lastLineNumber: number
}

export interface FirmwareCounters {
  /** Every byte that reached the UART (including dropped ones and ones ignored while halted/booting). */
  bytesReceived: number
  /** Bytes lost because the RX ring was full. */
  droppedBytes: number
  /** Complete non-empty lines parsed (good or refused). */
  linesReceived: number
  lineErrors: number
  /** `Resend:` lines printed (one per line error). */
  resendsRequested: number
  /** Commands started (the transcript's length when it is kept). */
  commandsExecuted: number
  unknownCommands: number
  /** Lines whose head a receive-buffer drain discarded while their tail was still on the wire. */
  cutLines: number
  /** Tails of cut lines that ran as a command (the hazard: must stay 0 under a safe host). */
  tailsExecuted: number
  /** Tails of cut lines refused as unknown commands. */
  tailsRejected: number
  okSent: number
  /** oks swallowed by the dropOk fault. */
  okDropped: number
  busySent: number
  /** Largest time between two consecutive move lines being received (not across a synchronising command). */
  maxMoveGapMs: number
  /** How many planner blocks were queued as each move started: index = depth. Low depths are the margin a host left. */
  plannerDepthAtMove: number[]
}

export interface FirmwareHooks {
  /** Every output line, without the line end. */
  output(line: string): void
  /** Whether to lose this `ok` (fault injection). */
  dropOk?(): boolean
  /** A checked, numbered line arrived; return true when a fault took it over (it is not queued). */
  onLineReceived?(lineNumber: number): boolean
  /** A command is about to run; may return a Wait to hold it first (busy storm). */
  onExecute?(lineNumber: number | null): Wait | undefined
  onExecuted?(entry: TranscriptEntry): void
}

export function freshCounters(plannerBlocks: number): FirmwareCounters {
  return {
    bytesReceived: 0,
    droppedBytes: 0,
    linesReceived: 0,
    lineErrors: 0,
    resendsRequested: 0,
    commandsExecuted: 0,
    unknownCommands: 0,
    cutLines: 0,
    tailsExecuted: 0,
    tailsRejected: 0,
    okSent: 0,
    okDropped: 0,
    busySent: 0,
    maxMoveGapMs: 0,
    plannerDepthAtMove: new Array<number>(plannerBlocks).fill(0),
  }
}
