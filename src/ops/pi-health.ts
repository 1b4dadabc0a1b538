// Raspberry Pi health probes (SoC temperature, under-voltage/throttling, free disk) and a pure level rule for /health.
import { execFile } from 'node:child_process'
import { readFile as fsReadFile, statfs as fsStatfs } from 'node:fs/promises'

export type HealthLevel = 'healthy' | 'degraded' | 'unhealthy'

/** Bits of the firmware's get_throttled word. */
export interface ThrottleFlags {
  raw: number
  underVoltageNow: boolean
  frequencyCappedNow: boolean
  throttledNow: boolean
  softTempLimitNow: boolean
  underVoltageOccurred: boolean
  frequencyCappedOccurred: boolean
  throttledOccurred: boolean
  softTempLimitOccurred: boolean
}

export interface DiskReading {
  freeBytes: number
  totalBytes: number
}

export interface PiReadings {
  /** °C, or null off a Pi (no thermal zone). */
  socTempC: number | null
  throttle: ThrottleFlags | null
  disk: DiskReading | null
}

export interface HealthThresholds {
  socTempDegradedC: number
  socTempUnhealthyC: number
  diskFreeDegradedBytes: number
  diskFreeUnhealthyBytes: number
}

/** The Pi firmware starts soft-throttling at 80 °C (60 °C on some boards' configs); warn before that. */
/** Below this much free space the data disk counts as full: the gateway runs read-mostly. */
export const DISK_FULL_BELOW_BYTES = 1024 ** 2

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  socTempDegradedC: 75,
  socTempUnhealthyC: 85,
  diskFreeDegradedBytes: 1024 ** 3,
  diskFreeUnhealthyBytes: 200 * 1024 ** 2,
}

export function decodeThrottled(raw: number): ThrottleFlags {
  const bit = (n: number) => (raw & (1 << n)) !== 0
  return {
    raw,
    underVoltageNow: bit(0),
    frequencyCappedNow: bit(1),
    throttledNow: bit(2),
    softTempLimitNow: bit(3),
    underVoltageOccurred: bit(16),
    frequencyCappedOccurred: bit(17),
    throttledOccurred: bit(18),
    softTempLimitOccurred: bit(19),
  }
}

/** `throttled=0x50005` (vcgencmd) or `50005` (sysfs, hex without prefix) → number; null when unreadable. */
export function parseThrottled(text: string): number | null {
  const match = /^(?:throttled=)?(?:0x)?([0-9a-f]+)$/i.exec(text.trim())
  return match ? parseInt(match[1]!, 16) : null
}

export interface PiHealthDeps {
  thermalPath?: string
  throttledSysfsPath?: string
  dataDir: string
  readFile?: (path: string) => Promise<string>
  /** Runs `vcgencmd get_throttled`, resolving with its stdout. */
  vcgencmd?: () => Promise<string>
  statfs?: (path: string) => Promise<{ bavail: number; blocks: number; bsize: number }>
}

const defaultVcgencmd = () =>
  new Promise<string>((resolve, reject) =>
    execFile('vcgencmd', ['get_throttled'], { timeout: 2000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  )

export async function readSocTemperature(path: string, readFile: (p: string) => Promise<string>): Promise<number | null> {
  const text = await readFile(path).catch(() => null)
  const milli = text === null ? NaN : Number(text.trim())
  return Number.isFinite(milli) ? Math.round(milli / 100) / 10 : null
}

/** sysfs first (no process to spawn), then vcgencmd; null when neither exists (not a Pi). */
export async function readThrottle(deps: Required<Pick<PiHealthDeps, 'throttledSysfsPath' | 'readFile' | 'vcgencmd'>>): Promise<ThrottleFlags | null> {
  const fromSysfs = await deps.readFile(deps.throttledSysfsPath).then(parseThrottled, () => null)
  if (fromSysfs !== null) return decodeThrottled(fromSysfs)
  const fromTool = await deps.vcgencmd().then(parseThrottled, () => null)
  return fromTool === null ? null : decodeThrottled(fromTool)
}

export async function readPiHealth(deps: PiHealthDeps): Promise<PiReadings> {
  const readFile = deps.readFile ?? ((p: string) => fsReadFile(p, 'utf8'))
  const statfs = deps.statfs ?? fsStatfs
  const [socTempC, throttle, disk] = await Promise.all([
    readSocTemperature(deps.thermalPath ?? '/sys/class/thermal/thermal_zone0/temp', readFile),
    readThrottle({
      throttledSysfsPath: deps.throttledSysfsPath ?? '/sys/devices/platform/soc/soc:firmware/get_throttled',
      readFile,
      vcgencmd: deps.vcgencmd ?? defaultVcgencmd,
    }),
    statfs(deps.dataDir).then(
      (s) => ({ freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize }),
      () => null,
    ),
  ])
  return { socTempC, throttle, disk }
}

export interface HealthVerdict {
  level: HealthLevel
  /** Why the level is not healthy. */
  reasons: string[]
  /** Past events worth a look that do not lower the level (under-voltage since boot …). */
  notes: string[]
}

const worse = (a: HealthLevel, b: HealthLevel): HealthLevel =>
  a === 'unhealthy' || b === 'unhealthy' ? 'unhealthy' : a === 'degraded' || b === 'degraded' ? 'degraded' : 'healthy'

/** Pure: readings + thresholds → level with reasons. Missing readings (not a Pi) are not a fault. */
export function healthLevel(readings: PiReadings, thresholds: HealthThresholds = DEFAULT_THRESHOLDS): HealthVerdict {
  let level: HealthLevel = 'healthy'
  const reasons: string[] = []
  const notes: string[] = []
  const raise = (to: HealthLevel, reason: string) => {
    level = worse(level, to)
    reasons.push(reason)
  }
  const { socTempC, throttle, disk } = readings
  if (socTempC !== null) {
    if (socTempC >= thresholds.socTempUnhealthyC) raise('unhealthy', `SoC at ${socTempC} °C`)
    else if (socTempC >= thresholds.socTempDegradedC) raise('degraded', `SoC at ${socTempC} °C`)
  }
  if (throttle) {
    if (throttle.underVoltageNow) raise('degraded', 'under-voltage now: use a better power supply')
    if (throttle.throttledNow || throttle.frequencyCappedNow) raise('degraded', 'CPU throttled now')
    if (throttle.softTempLimitNow) raise('degraded', 'soft temperature limit active')
    if (throttle.underVoltageOccurred && !throttle.underVoltageNow) notes.push('under-voltage occurred since boot')
    if (throttle.throttledOccurred && !throttle.throttledNow) notes.push('throttling occurred since boot')
  }
  if (disk) {
    const free = `${Math.round(disk.freeBytes / 1024 ** 2)} MiB free`
    // degraded, not unhealthy: the gateway keeps serving and printing on a full disk (writes wait; see /api/housekeeping)
    if (disk.freeBytes < DISK_FULL_BELOW_BYTES) raise('degraded', `disk full (${disk.freeBytes} bytes free): read-mostly, new files and records are refused`)
    else if (disk.freeBytes < thresholds.diskFreeUnhealthyBytes) raise('degraded', `disk nearly full: ${free}`)
    else if (disk.freeBytes < thresholds.diskFreeDegradedBytes) raise('degraded', `disk low: ${free}`)
  }
  return { level, reasons, notes }
}
