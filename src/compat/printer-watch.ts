// What apps read that printgate's status does not keep: temperature history, recent log lines, fan speed, offsets, the last print's outcome.
import type { ConsoleLine, JobOutcome, PrinterService, Temperatures } from '../printer/types.js'
import { createCursorRing, type CursorRing } from './cursor-ring.js'

const HISTORY = 300
const LOG_LINES = 200

export interface TemperatureSample {
  /** Unix seconds. */
  time: number
  temperatures: Temperatures
}

export interface LastPrint {
  jobId: string
  outcome: JobOutcome
  reason: string | null
  elapsedMs: number
}

export interface PrinterWatch {
  /** Temperature samples, newest last; readers follow with a cursor. */
  temperatures: CursorRing<TemperatureSample>
  /** OctoPrint-style log lines (`Send: …`, `Recv: …`). */
  logs: CursorRing<string>
  /** 0–1, from the last M106/M107 the gateway sent. */
  fanSpeed(): number
  offsets(): Record<string, number>
  setOffset(heater: string, offset: number): void
  lastPrint(): LastPrint | null
  dispose(): void
}

/** M106 S<0–255> / M107: the part fan as a fraction. */
export function fanFromLine(line: string): number | null {
  const word = /^(?:N\d+\s+)?M10([67])\b([^*;]*)/i.exec(line.trim())
  if (!word) return null
  if (word[1] === '7') return 0
  const s = /\bS(\d+(?:\.\d+)?)/i.exec(word[2] ?? '')
  return s ? Math.max(0, Math.min(1, Number(s[1]) / 255)) : 1
}

export function createPrinterWatch(printer: Pick<PrinterService, 'events'>, wallNow: () => Date): PrinterWatch {
  const temperatures = createCursorRing<TemperatureSample>(HISTORY)
  const logs = createCursorRing<string>(LOG_LINES)
  let fan = 0
  let last: LastPrint | null = null
  const offsets: Record<string, number> = {}

  const offs = [
    printer.events.on('printer:temperature', (t) => {
      temperatures.push({ time: Math.floor(wallNow().getTime() / 1000), temperatures: t })
    }),
    printer.events.on('printer:console', (line: ConsoleLine) => {
      logs.push(line.direction === 'sent' ? `Send: ${line.line}` : `Recv: ${line.line}`)
      if (line.direction === 'sent') {
        const speed = fanFromLine(line.line)
        if (speed !== null) fan = speed
      }
    }),
    printer.events.on('printer:job_started', () => void (last = null)),
    printer.events.on('printer:job_ended', (r) => void (last = { jobId: r.jobId, outcome: r.outcome, reason: r.reason ?? null, elapsedMs: r.elapsedMs })),
  ]

  return {
    temperatures,
    logs,
    fanSpeed: () => fan,
    offsets: () => ({ ...offsets }),
    setOffset(heater, offset) {
      if (offset === 0) delete offsets[heater]
      else offsets[heater] = offset
    },
    lastPrint: () => last,
    dispose: () => offs.forEach((off) => off()),
  }
}
