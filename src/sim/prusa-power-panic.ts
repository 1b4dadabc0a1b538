// Prusa-Firmware's power panic for host prints (M79, INT4 save, boot-time recovery, the offer, D3, M602/M603), as the simulator's EEPROM-backed model.
import type { Outcome } from './commands.js'
import type { Motion } from './motion.js'
import { parseWords } from './motion.js'
import type { Thermal } from './thermal.js'

/** What Prusa-Firmware writes to EEPROM at a power panic during a host print (see firmware-profiles/README.md). */
export interface PanicRecord {
  /** N of the last line whose moves had all left the planner. */
  line: number
  x: number
  y: number
  z: number
  e: number
  absoluteE: boolean
  feedrate: number
  hotend: number
  bed: number
  fan: number
}

/** Survives a power cut: the simulator keeps one per printer across reboots. */
export interface SimNvram {
  record: PanicRecord | null
  /** EEPROM_UVLO: a recovery is pending (cleared by a host `G` command, M603, or a finished resume). */
  pending: boolean
  /** The Z lift after the cut was done once already (EEPROM_UVLO_Z_LIFTED). */
  zLifted: boolean
}

export function createNvram(): SimNvram {
  return { record: null, pending: false, zLifted: false }
}

/** EEPROM_FILE_POSITION: where `D3 Ax0F91 C4` reads the saved line (uint32, little-endian). */
export const FILE_POSITION_ADDRESS = 0x0f91
/** USB_TIMER_TIMEOUT: a print counts as a host print while `G` commands arrived within this long. */
export const USB_TIMER_MS = 10_000
/** M79_TIMEOUT: how long one M79 keeps the host features on. */
export const M79_TIMEOUT_MS = 30_000
const Z_PAUSE_LIFT = 20
const RETRACT = 0.8
export const OFFER = '//action:uvlo_recovery_ready'
export const RESUMED = '//action:resumed'

export interface PrusaPanicDeps {
  nvram: SimNvram
  motion: Motion
  thermal: Thermal
  now(): number
  say(line: string): void
  sayOk(line: string): void
  setLastN(n: number): void
}

/** What a panic-specific command asks of the firmware loop: its outcome, and commands to run right after it. */
export interface PanicOutcome extends Outcome {
  follow?: string[]
}

interface LineState {
  n: number
  /** When every move up to and including this line has left the planner. */
  completeAt: number
  record: Omit<PanicRecord, 'line'>
}

const num = (v: number): string => String(Math.round(v * 1000) / 1000)

export function createPrusaPanic(deps: PrusaPanicDeps) {
  const { nvram } = deps
  let lastHostG = -Infinity
  let m79At = -Infinity
  let paused = false
  let absoluteE = true
  let feedrate = 1500
  let fan = 0
  /** Finished numbered lines, oldest first; enough to cover a full planner and command buffer. */
  const done: LineState[] = []

  function observe(command: string): void {
    const code = /^([GM]\d+)/.exec(command)?.[1]
    if (code === 'M82') absoluteE = true
    else if (code === 'M83') absoluteE = false
    else if (code === 'M106') fan = parseWords(command.slice(4)).get('S') ?? 255
    else if (code === 'M107') fan = 0
    else if (code === 'G0' || code === 'G1') {
      const f = parseWords(command.slice(2)).get('F')
      if (f !== undefined) feedrate = f
    }
  }

  /** The line the firmware would save now: the newest finished line with nothing before it still moving. */
  function savedLine(now: number): LineState | null {
    let best: LineState | null = null
    for (const state of done) {
      if (state.completeAt > now) break
      best = state
    }
    return best
  }

  function resumeCommands(record: PanicRecord): string[] {
    return [`M109 S${num(record.hotend)}`, `G1 X${num(record.x)} Y${num(record.y)} F3000`, `G1 Z${num(record.z)}`, `G1 E${RETRACT} F2700`, 'PRUSA resumed']
  }

  return {
    /** A command arrived over serial (before it is queued). */
    hostCommand(command: string): void {
      if (command.startsWith('G')) {
        lastHostG = deps.now()
        nvram.pending = false
      }
    },
    /** A numbered line finished parsing; `drainedAt` is when the planner will have run everything queued so far. */
    lineFinished(n: number, command: string, drainedAt: number): void {
      observe(command)
      const pos = deps.motion.position()
      done.push({
        n,
        completeAt: drainedAt,
        record: { ...pos, absoluteE, feedrate, fan, hotend: deps.thermal.target('tool'), bed: deps.thermal.target('bed') },
      })
      if (done.length > 256) done.shift()
    },
    /** An unnumbered or internal command ran: it still changes the modal state the firmware saves. */
    commandFinished(command: string): void {
      observe(command)
    },
    /** INT4: the power goes. Saves the record when a host print was running; prints `INT4` as the firmware does. */
    powerLoss(): void {
      deps.say('INT4')
      const now = deps.now()
      if (nvram.pending || now - lastHostG > USB_TIMER_MS) return
      const state = savedLine(now)
      if (!state) return
      nvram.record = { line: state.n, ...state.record }
      nvram.pending = true
      nvram.zLifted = false
    },
    /** At boot with a pending host recovery: the firmware's own G-code, ending paused and waiting for the host. */
    bootCommands(): string[] {
      const record = nvram.record
      if (!nvram.pending || !record) return []
      // Z is not homed: the firmware takes it from EEPROM (the sim's axes start at 0).
      deps.motion.setPosition(
        new Map([
          ['Z', record.z],
          ['E', record.e],
        ]),
      )
      const lines: string[] = []
      if (!nvram.zLifted) {
        lines.push(`G1 Z${num(record.z + Z_PAUSE_LIFT)} F800`)
        nvram.zLifted = true
      }
      lines.push('G28 X Y', `M104 S${num(record.hotend)}`, `M140 S${num(record.bed)}`, 'M83', 'G1 E5 F120', `G1 E-${RETRACT} F2700`)
      lines.push(`G1 X${num(record.x)} Y${num(record.y)} F3000`, `G1 Z${num(record.z)}`, `G1 E${RETRACT} F2700`, `G92 E${num(record.e)}`)
      if (record.absoluteE) lines.push('M82')
      lines.push(`G1 F${num(record.feedrate)}`, 'M220 S100', `M106 S${Math.round(record.fan)}`, `M110 N${record.line}`, 'G4 S0', 'PRUSA uvlo')
      return lines
    },
    /** Handles M79, D3, M602, M603 and the internal `PRUSA …` commands; undefined for everything else. */
    execute(command: string): PanicOutcome | undefined {
      if (command.startsWith('PRUSA uvlo')) {
        paused = true
        deps.say('//action:paused')
        return {}
      }
      if (command.startsWith('PRUSA resumed')) {
        const record = nvram.record as PanicRecord
        nvram.pending = false
        nvram.zLifted = false
        paused = false
        deps.setLastN(record.line)
        deps.say(`Resend: ${record.line + 1}`)
        deps.sayOk('ok')
        deps.say(RESUMED)
        // The M602 line itself is answered last.
        deps.sayOk('ok')
        return {}
      }
      if (/^D3(\s|$)/.test(command)) return { ...dump(command, nvram.record?.line ?? 0, deps.say) }
      const code = /^M(\d+)/.exec(command)?.[1]
      if (code === '79') {
        m79At = deps.now()
        if (paused && nvram.pending && nvram.record) deps.say(OFFER)
        return {}
      }
      if (code === '602') {
        if (!paused || !nvram.record) return {}
        return { ok: false, follow: resumeCommands(nvram.record) }
      }
      if (code === '603') {
        paused = false
        nvram.pending = false
        return {}
      }
      return undefined
    },
    get paused() {
      return paused
    },
    /** The M79 host timer is running. */
    hostActive(): boolean {
      return deps.now() - m79At < M79_TIMEOUT_MS
    },
  }
}

/** `D3 Ax0f91 C4`: prints `0f91  b0 b1 b2 b3`; only the saved line is modelled, other bytes read as erased (ff). */
function dump(command: string, line: number, say: (line: string) => void): Outcome {
  const address = Number.parseInt(/A\s*(?:0?x)?([0-9a-fA-F]+)/.exec(command)?.[1] ?? '0', 16)
  const count = Math.min(Number(/C\s*(\d+)/.exec(command)?.[1] ?? '1'), 4096)
  const bytes: string[] = []
  for (let i = 0; i < count; i++) {
    const offset = address + i - FILE_POSITION_ADDRESS
    const value = offset >= 0 && offset < 4 ? (line >>> (8 * offset)) & 0xff : 0xff
    bytes.push(value.toString(16).padStart(2, '0'))
  }
  for (let i = 0; i < bytes.length; i += 16) say(`${(address + i).toString(16).padStart(4, '0')}  ${bytes.slice(i, i + 16).join(' ')}`)
  return {}
}

export type PrusaPanic = ReturnType<typeof createPrusaPanic>
