// The gateway's own temperature history: a sample every few seconds for the last 30 minutes, so a reloaded chart is not empty.
import type { TypedEmitter } from '../core/events.js'
import type { PrinterEvents, Temperatures } from '../printer/types.js'

export interface TemperatureSample {
  /** Epoch ms of the reading. */
  at: number
  tool: number | null
  toolTarget: number | null
  bed: number | null
  bedTarget: number | null
}

export interface TemperatureHistory {
  /** Oldest first, at most one per interval, none older than the window. */
  samples(): TemperatureSample[]
  /** When the printer last reported a temperature (epoch ms), null before the first reading. */
  lastReadingAt(): number | null
  readonly intervalMs: number
  readonly windowMs: number
  dispose(): void
}

export interface TemperatureHistoryOptions {
  events: Pick<TypedEmitter<PrinterEvents>, 'on'>
  now: () => number
  /** Default 30 minutes. */
  windowMs?: number
  /** Default 2 s (Marlin's autoreport and the M105 poll both report every 2 s). */
  intervalMs?: number
}

const value = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : null)

export function sampleOf(at: number, t: Temperatures): TemperatureSample {
  const tool = t.tools[0]
  return { at, tool: value(tool?.actual), toolTarget: value(tool?.target), bed: value(t.bed?.actual), bedTarget: value(t.bed?.target) }
}

export function createTemperatureHistory({ events, now, windowMs = 30 * 60_000, intervalMs = 2000 }: TemperatureHistoryOptions): TemperatureHistory {
  const samples: TemperatureSample[] = []
  let last: number | null = null
  const off = events.on('printer:temperature', (t) => {
    const at = now()
    last = at
    // Readings closer together than the interval are left out of the history (the live value still counts as a reading).
    const newest = samples.at(-1)
    if (!newest || at - newest.at >= intervalMs) samples.push(sampleOf(at, t))
    while (samples.length > 0 && samples[0]!.at < at - windowMs) samples.shift()
  })
  return {
    samples: () => samples.filter((s) => s.at >= now() - windowMs),
    lastReadingAt: () => last,
    intervalMs,
    windowMs,
    dispose: off,
  }
}
