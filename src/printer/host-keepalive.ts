// Prusa's host keep-alive (M79) and the firmware's power-panic offer: whether the printer can continue a host print itself, and from which line.
import type { Clock } from '../core/clock.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { LinkSender } from './link-sender.js'
import { createRepeatingTimer, type RepeatingTimer } from './repeating-timer.js'
import type { FirmwareRecoveryOffer } from './types.js'

/** EEPROM_FILE_POSITION (0x0F91, uint32 little-endian): the saved line of a host print. */
export const READ_SAVED_LINE = 'D3 Ax0F91 C4'
const DUMP_LINE = /^0*f91\s+([0-9a-f]{2})\s+([0-9a-f]{2})\s+([0-9a-f]{2})\s+([0-9a-f]{2})\s*$/i
const OFFERS: Record<string, boolean> = { uvlo_recovery_ready: false, uvlo_auto_recovery_ready: true }

/** The saved line from a `D3 Ax0F91 C4` reply (`0f91  34 12 00 00` → 4660), or null. */
export function parseSavedLine(lines: readonly string[]): number | null {
  for (const line of lines) {
    const m = DUMP_LINE.exec(line.trim())
    if (!m) continue
    const bytes = m.slice(1, 5).map((hex) => Number.parseInt(hex as string, 16))
    return ((bytes[0] as number) | ((bytes[1] as number) << 8) | ((bytes[2] as number) << 16)) + (bytes[3] as number) * 0x1000000
  }
  return null
}

/** What the keep-alive needs of the link: the open link's sender (null while closed) and the firmware's profile. */
export interface KeepaliveLink {
  sender(): LinkSender | null
  profile(): FirmwareProfile
}

export interface HostKeepaliveDeps {
  clock: Clock
  link: KeepaliveLink
  /** The offer appeared or went away. */
  onChange(offer: FirmwareRecoveryOffer | null): void
  warn(message: string, error: Error): void
}

export function createHostKeepalive(deps: HostKeepaliveDeps) {
  const { link } = deps
  let offer: FirmwareRecoveryOffer | null = null
  let timer: RepeatingTimer | null = null
  let reading = false
  const enabled = (): boolean => link.profile().recovery.firmwarePowerPanic === 'prusa-m79'

  // Unnumbered, as Prusa's own host sends it: it takes no line number from a print in progress.
  const send = (): void => {
    const s = link.sender()
    if (s) s.enqueue(`M79 S"${link.profile().recovery.hostName}"`, { unnumbered: true, yieldToJob: true }).catch(() => undefined)
  }

  const set = (next: FirmwareRecoveryOffer | null): void => {
    if (offer === next) return
    offer = next
    deps.onChange(next)
  }

  async function readSavedLine(automatic: boolean): Promise<void> {
    const s = link.sender()
    if (!s || reading) return
    reading = true
    try {
      const line = parseSavedLine(await s.enqueue(READ_SAVED_LINE))
      if (line === null) throw new Error(`no line in the reply to ${READ_SAVED_LINE}`)
      if (link.sender() === s) set({ line, automatic, firmware: link.profile().recovery.firmwarePowerPanic ?? 'prusa-m79' })
    } catch (error) {
      deps.warn('could not read the line the printer saved at the power cut', error as Error)
    } finally {
      reading = false
    }
  }

  return {
    /** The link is up: the keep-alive goes now and every `hostKeepaliveMs`. */
    start(): void {
      timer?.stop()
      timer = null
      if (!enabled()) return
      timer = createRepeatingTimer(deps.clock, link.profile().recovery.hostKeepaliveMs, send)
      send()
      timer.start()
    },
    stop(): void {
      timer?.stop()
      timer = null
      set(null)
    },
    /** `//action:<name>` from the printer; true when it was the power-panic offer (then the saved line is read). */
    action(name: string): boolean {
      const automatic = OFFERS[name]
      if (automatic === undefined || !enabled()) return false
      if (offer === null) void readSavedLine(automatic)
      return true
    },
    offer: (): FirmwareRecoveryOffer | null => offer,
    /** The offer was taken (the resumed print started) or refused. */
    clear(): void {
      set(null)
    },
  }
}

export type HostKeepalive = ReturnType<typeof createHostKeepalive>
