// Before a replay that dropped later lines, the firmware's line counter is set back with M110: a firmware that also
// counts the lines it refused (OctoPrint's virtual printer) would otherwise ask, at its next line error, for a line
// past the damaged one, and the lines in between would never run.
import { resetLine } from '../protocol/gcode-line.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import { createEntry, type SendEntry } from './send-entry.js'

export interface ResendResync {
  /** The resync line queued or in flight, if any. */
  readonly entry: SendEntry | null
  /**
   * A replay from line `r` is about to go with `followOns` lines refused behind it (their requests are still to
   * come): returns the `N<r-1> M110` line to send first, or null when the profile has no numbered reset form.
   */
  begin(r: number, followOns: number): SendEntry | null
  /** A resend request while a resync is pending: a follow-on (absorbed), or the resync line itself was refused. */
  request(): 'follow-on' | 'refused' | 'none'
  /** `entry` was acknowledged (or timed out): true when it was the resync, which is then done. */
  done(entry: SendEntry): boolean
  clear(): void
}

export function createResendResync(profile: () => FirmwareProfile, timeoutFor: (command: string) => number): ResendResync {
  let entry: SendEntry | null = null
  let followOnsLeft = 0
  return {
    get entry() {
      return entry
    },
    begin(r, followOns) {
      // `N<r-1> M110` without the N parameter: Marlin sets its counter from the line's own number as the line
      // arrives; with the parameter its M110 sets it AGAIN when it runs, later, which would undo lines taken since.
      const form = profile().lineNumbers.resetForm
      const wire = resetLine(r - 1, form === 'both' ? 'line' : form)
      if (wire === null || !wire.startsWith('N')) return (entry = null)
      followOnsLeft = followOns
      const command = wire.slice(wire.indexOf(' ') + 1, wire.lastIndexOf('*'))
      entry = createEntry('command', command, { wire, bytes: wire.length + 1, n: r - 1, barrier: true, timeoutMs: timeoutFor(command) })
      return entry
    },
    request() {
      if (entry === null) return 'none'
      if (followOnsLeft === 0) return 'refused'
      followOnsLeft--
      return 'follow-on'
    },
    done(acked) {
      if (acked !== entry) return false
      entry = null
      return true
    },
    clear() {
      entry = null
      followOnsLeft = 0
    },
  }
}
