// Writes the simulated printer's state as JSON to a file a few times a second, for tests that watch a sim in another process.
import { renameSync, writeFileSync } from 'node:fs'
import type { SimPrinter } from './sim-printer.js'

export interface SimStatus {
  toolTarget: number
  bedTarget: number
  toolActual: number
  bedActual: number
  halted: boolean
  disconnected: boolean
  commandsExecuted: number
  lastCommands: string[]
  writtenAt: number
}

/** The status a watcher reads; `lastCommands` are the most recent commands the firmware executed. */
export function simStatus(printer: SimPrinter, now: number): SimStatus {
  const state = printer.state()
  const transcript = printer.transcript
  return {
    toolTarget: state.toolTarget,
    bedTarget: state.bedTarget,
    toolActual: state.toolActual,
    bedActual: state.bedActual,
    halted: state.halted,
    disconnected: printer.disconnected,
    commandsExecuted: printer.stats().commandsExecuted,
    lastCommands: transcript.slice(-20).map((entry) => entry.command),
    writtenAt: now,
  }
}

/** Rewrites `path` atomically every `intervalMs` from `current()` (the printer may be replaced after a replug); returns a stop function. */
export function startStatusFile(path: string, current: () => SimPrinter, intervalMs = 200): () => void {
  const write = (): void => {
    const tmp = `${path}.tmp`
    writeFileSync(tmp, JSON.stringify(simStatus(current(), Date.now())))
    renameSync(tmp, path)
  }
  write()
  const timer = setInterval(write, intervalMs)
  return () => {
    clearInterval(timer)
    write()
  }
}
