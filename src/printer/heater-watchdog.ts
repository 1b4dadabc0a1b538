// The host's heater watchdog: a heater whose reading stops updating, that does not warm or moves away while heating, or that strays from its target.
import type { FirmwareProfile } from '../profiles/schema.js'
import type { Temperatures } from './types.js'

export type HeaterLimits = FirmwareProfile['heaterWatchdog']['hotend']
export type HeaterName = 'hotend' | 'bed'

export interface HeaterFault {
  heater: HeaterName
  kind: 'stale' | 'not_heating' | 'runaway'
  message: string
}

interface Track {
  target: number
  /** When the current target was set (or watching restarted). */
  since: number
  lastValue: number
  lastChangeAt: number
  lastReadingAt: number
  /** Start of the current heating-progress window and the reading then. */
  windowAt: number
  windowValue: number
  peak: number
  reached: boolean
  strayingSince: number | null
}

const NAMES: Record<HeaterName, string> = { hotend: 'hotend', bed: 'bed' }

/** Judges one heater from its readings; `reading` and `check` take the time so tests can drive it. */
export function createHeaterMonitor(heater: HeaterName, limits: HeaterLimits) {
  let track: Track | null = null
  const name = NAMES[heater]
  const fault = (kind: HeaterFault['kind'], message: string): HeaterFault => ({ heater, kind, message })

  function judge(now: number): HeaterFault | null {
    if (!track) return null
    const t = track
    if (now - t.lastReadingAt > limits.staleS * 1000)
      return fault('stale', `No ${name} temperature for ${Math.round((now - t.lastReadingAt) / 1000)} s while it should be at ${t.target} °C`)
    const far = Math.abs(t.lastValue - t.target) > limits.bandC
    if (far && now - t.lastChangeAt > limits.staleS * 1000)
      return fault(
        'stale',
        `The ${name} reading has been stuck at ${t.lastValue.toFixed(1)} °C for ${Math.round((now - t.lastChangeAt) / 1000)} s while heating to ${t.target} °C (thermistor?)`,
      )
    if (!t.reached) {
      if (t.peak - t.lastValue > limits.dropC)
        return fault('not_heating', `The ${name} fell from ${t.peak.toFixed(1)} to ${t.lastValue.toFixed(1)} °C while heating to ${t.target} °C`)
      if (now - t.windowAt > limits.watchPeriodS * 1000) {
        if (t.lastValue - t.windowValue < limits.watchIncreaseC && t.lastValue < t.target - limits.bandC)
          return fault(
            'not_heating',
            `The ${name} rose only ${(t.lastValue - t.windowValue).toFixed(1)} °C in ${limits.watchPeriodS} s while heating to ${t.target} °C (heater or wiring?)`,
          )
        t.windowAt = now
        t.windowValue = t.lastValue
      }
      return null
    }
    if (Math.abs(t.lastValue - t.target) > limits.runawayBandC) {
      t.strayingSince ??= now
      if (now - t.strayingSince > limits.runawayPeriodS * 1000)
        return fault(
          'runaway',
          `The ${name} has been ${Math.abs(t.lastValue - t.target).toFixed(1)} °C from its ${t.target} °C target for ${limits.runawayPeriodS} s`,
        )
    } else t.strayingSince = null
    return null
  }

  return {
    /** A new reading; returns a fault when the heater misbehaves. */
    reading(now: number, actual: number, target: number): HeaterFault | null {
      if (target <= 0) {
        track = null
        return null
      }
      if (!track || track.target !== target) {
        const heatingUp = !track || target > track.target
        track = {
          target,
          since: now,
          lastValue: actual,
          lastChangeAt: now,
          lastReadingAt: now,
          windowAt: now,
          windowValue: actual,
          peak: actual,
          reached: !heatingUp && Math.abs(actual - target) <= limits.bandC,
          strayingSince: null,
        }
        if (actual >= target - limits.bandC) track.reached = true
        return null
      }
      track.lastReadingAt = now
      if (actual !== track.lastValue) track.lastChangeAt = now
      track.lastValue = actual
      track.peak = Math.max(track.peak, actual)
      if (!track.reached && actual >= target - limits.bandC) track.reached = true
      return judge(now)
    },
    /** Periodic check between readings (catches readings that stopped arriving). */
    check: (now: number): HeaterFault | null => judge(now),
  }
}

/** Both heaters of a printer, fed from the link's temperature reports. */
export function createHeaterWatchdog(limits: () => FirmwareProfile['heaterWatchdog']) {
  const hotend = createHeaterMonitor('hotend', limits().hotend)
  const bed = createHeaterMonitor('bed', limits().bed)
  return {
    reading(now: number, temps: Temperatures): HeaterFault | null {
      const tool = temps.tools[0]
      const a = tool ? hotend.reading(now, tool.actual, tool.target ?? 0) : null
      const b = temps.bed ? bed.reading(now, temps.bed.actual, temps.bed.target ?? 0) : null
      return a ?? b
    },
    check: (now: number): HeaterFault | null => hotend.check(now) ?? bed.check(now),
  }
}
