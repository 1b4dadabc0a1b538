// One simulated printer: two timed links around the firmware model, fault knobs, transcript and stats.
import type { Clock } from '../core/clock.js'
import { createEmitter, type TypedEmitter } from '../core/events.js'
import { createFirmwareModel, type FirmwareCounters, type FirmwareState, type TranscriptEntry } from './firmware-model.js'
import type { PlannerStats } from './planner.js'
import type { Wait } from './commands.js'
import { bytesPerMsForBaud, createLink } from './link.js'
import { createFaultInjector } from './fault-injector.js'
import { createRandom } from '../core/random.js'
import { createCatchUpClock } from './catch-up-clock.js'
import type { SimOptions } from './options.js'
import type { SimNvram } from './prusa-power-panic.js'

export const THERMAL_RUNAWAY = 'Error:Thermal Runaway, system stopped! Heater_ID: 0'
const STORM_INTERVAL_MS = 100

export interface SimStats extends FirmwareCounters, PlannerStats {
  corruptedBytes: number
  /** Bytes the noisy wire lost on the way in (not ring overflows: those are droppedBytes). */
  lostBytes: number
  garbledReplies: number
  mergedReplies: number
  bytesSent: number
}

export type SimEvents = {
  /** A line the firmware printed (before the link delays it). */
  output: string
  executed: TranscriptEntry
  disconnected: undefined
}

/** The host end of the link, provided by an adapter (serialport binding, pty). */
export interface HostEnd {
  data(bytes: Buffer): void
  disconnected(): void
}

export interface SimPrinter {
  readonly options: SimOptions
  readonly transcript: readonly TranscriptEntry[]
  readonly events: TypedEmitter<SimEvents>
  readonly disconnected: boolean
  readonly halted: boolean
  stats(): SimStats
  /** Zeroes the counters and underrun figures (a benchmark calls it at job start). */
  resetStats(): void
  state(): FirmwareState
  setCorruptRate(rate: number): void
  setDropOkRate(rate: number): void
  setDropByteRate(rate: number): void
  /** The board resets: `start` and banner, all state cleared, bytes in flight lost. */
  reset(): void
  /** The cable is pulled: the host's reads reject and its writes fail; the firmware stops. */
  disconnect(): void
  /** The next command to execute first blocks for `ms` with `echo:busy: processing` every 100 ms. */
  busyStorm(ms?: number): void
  /** `Error:Thermal Runaway, system stopped! Heater_ID: 0` then kill. */
  thermalRunaway(): void
  /** Prints a line to the host as if the firmware had (e.g. `//action:pause`, `wait`). */
  inject(line: string): void
  /** Adapter side: bytes the host wrote. */
  hostWrite(bytes: Buffer): void
  /** Adapter side: connect (or replace) the host end; returns a detach function. */
  attach(host: HostEnd, hostBaud: number): () => void
  setHostBaud(baud: number): void
  /** Stops every timer for good. */
  shutdown(): void
  /** The power goes: like `shutdown`, but a firmware with power panic saves its print first. */
  powerLoss(): void
}

/** `nvram` is the printer's EEPROM: pass the same one to the printer that boots after a power cut. */
export function createSimPrinter(baseClock: Clock, options: SimOptions, nvram?: SimNvram): SimPrinter {
  const clock = createCatchUpClock(baseClock)
  const events = createEmitter<SimEvents>()
  const random = createRandom(options.seed)
  const faults = createFaultInjector(random, options, options)
  let host: HostEnd | null = null
  let hostBaud = options.baud ?? 0
  let disconnected = false
  let stormMs: number | null = null
  let bytesSent = 0

  const firmwareBaud = (): number => options.baud ?? hostBaud
  const mismatched = (): boolean => options.baud !== undefined && options.baud > 0 && hostBaud > 0 && options.baud !== hostBaud
  const garble = (bytes: Buffer): Buffer => Buffer.from(bytes.map((b) => (b === 0x0a ? b : 0x80 + Math.floor(random() * 0x7f))))

  const toHost = createLink({
    clock,
    bytesPerMs: bytesPerMsForBaud(firmwareBaud()),
    latencyMs: options.latencyMs,
    deliver: (bytes) => host?.data(mismatched() ? garble(bytes) : bytes),
  })
  const toFirmware = createLink({
    clock,
    bytesPerMs: bytesPerMsForBaud(firmwareBaud()),
    latencyMs: 0,
    deliver: (bytes) => {
      const received = mismatched() ? garble(bytes) : bytes
      const kept: number[] = []
      for (const byte of received) {
        const arrived = faults.receiveByte(byte)
        if (arrived !== null) kept.push(arrived)
      }
      firmware.receive(Uint8Array.from(kept))
    },
  })

  function stormWait(ms: number): Wait {
    let endsAt: number | null = null
    return {
      keepaliveMs: STORM_INTERVAL_MS,
      poll(now) {
        endsAt ??= now + ms
        return now >= endsAt ? null : endsAt
      },
    }
  }

  function firmwareOutput(line: string): void {
    if (disconnected) return
    events.emit('output', line)
    const bytes = faults.replyBytes(line)
    bytesSent += bytes.length
    toHost.send(bytes)
  }

  const firmware = createFirmwareModel(
    clock,
    options,
    {
      output: firmwareOutput,
      dropOk: () => faults.dropOk(),
      onLineReceived(n) {
        const fault = faults.onLineReceived(n)
        if (fault === 'reset') printer.reset()
        else if (fault === 'disconnect') printer.disconnect()
        else if (fault === 'thermalRunaway') printer.thermalRunaway()
        return fault !== null
      },
      onExecute(n) {
        if (stormMs !== null) {
          const wait = stormWait(stormMs)
          stormMs = null
          return wait
        }
        return n !== null && faults.stormAt(n) ? stormWait(options.busyStormMs) : undefined
      },
      onExecuted: (entry) => events.emit('executed', entry),
    },
    nvram,
  )

  const printer: SimPrinter = {
    options,
    transcript: firmware.transcript,
    events,
    get disconnected() {
      return disconnected
    },
    get halted() {
      return firmware.halted
    },
    stats: () => ({
      ...firmware.counters(),
      ...firmware.plannerStats(),
      corruptedBytes: faults.corruptedBytes,
      lostBytes: faults.droppedBytes,
      garbledReplies: faults.garbledReplies,
      mergedReplies: faults.mergedReplies,
      bytesSent,
    }),
    resetStats() {
      firmware.resetStats()
      faults.corruptedBytes = 0
      faults.droppedBytes = 0
      faults.garbledReplies = 0
      faults.mergedReplies = 0
      bytesSent = 0
    },
    state: () => firmware.state(),
    setCorruptRate: (rate) => (faults.corruptRate = rate),
    setDropOkRate: (rate) => (faults.dropOkRate = rate),
    setDropByteRate: (rate) => (faults.dropByteRate = rate),
    reset() {
      if (disconnected) return
      toFirmware.clear()
      firmware.boot()
    },
    disconnect() {
      if (disconnected) return
      disconnected = true
      firmware.stop()
      toFirmware.clear()
      toHost.clear()
      events.emit('disconnected', undefined)
      host?.disconnected()
    },
    busyStorm(ms = options.busyStormMs) {
      stormMs = ms
    },
    thermalRunaway() {
      if (!firmware.halted) firmware.kill([THERMAL_RUNAWAY, 'Error:Printer halted. kill() called!'])
    },
    inject(line) {
      firmwareOutput(line)
    },
    hostWrite(bytes) {
      if (disconnected) throw new Error('sim: the printer is disconnected')
      toFirmware.send(bytes)
    },
    attach(end, baud) {
      host = end
      printer.setHostBaud(baud)
      return () => {
        if (host === end) host = null
      }
    },
    setHostBaud(baud) {
      hostBaud = baud
      const rate = bytesPerMsForBaud(firmwareBaud())
      toHost.setBytesPerMs(rate)
      toFirmware.setBytesPerMs(rate)
    },
    shutdown() {
      firmware.stop()
      toFirmware.clear()
      toHost.clear()
      host = null
    },
    powerLoss() {
      firmware.powerLoss()
      printer.shutdown()
    },
  }
  return printer
}
