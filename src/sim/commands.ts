// What each G/M code does in the simulated Marlin: moves, waits, heaters, reports.
import type { SimOptions } from './options.js'
import type { Planner } from './planner.js'
import type { HeaterId, Thermal } from './thermal.js'
import type { Motion, Words } from './motion.js'
import { filamentChange, pauseForUser } from './user-prompts.js'

/** A command that takes time: polled until it returns null (finished) or the time to look again. */
export interface Wait {
  poll(now: number): number | null
  /** Print ` T:… W:?` lines every second while waiting (M109/M190). */
  reportsTemperature?: boolean
  /** Overrides the keep-alive interval (a busy storm). */
  keepaliveMs?: number
  /** The keep-alive text while waiting (default `echo:busy: processing`). */
  busyText?: string
}

export interface Outcome {
  wait?: Wait
  /** False when the command printed its own `ok` (M105). */
  ok?: boolean
}

export interface CommandContext {
  readonly options: SimOptions
  readonly planner: Planner
  readonly thermal: Thermal
  readonly motion: Motion
  now(): number
  say(line: string): void
  /** An ok line (subject to lost-ok fault injection). */
  sayOk(line: string): void
  setLastN(n: number): void
  setKeepaliveSeconds(s: number): void
  setAutoreportSeconds(s: number): void
  kill(lines: string[]): void
  quickStop(): void
  /** Cleared by M108: ends a heater wait early. */
  waitForHeatup: boolean
  /** Cleared by M108 or M876: ends a wait for the user. */
  waitForUser: boolean
  /** The button the user chose (M876 S<n>), null before an answer. */
  promptChoice: number | null
}

type Handler = (ctx: CommandContext, words: Words, args: string) => Outcome | void

export const KILLED = 'Error:Printer halted. kill() called!'

/** Codes that block on purpose; the planner gap after them is not an underrun. */
export const SYNCHRONISING = new Set(['G4', 'G28', 'G29', 'M0', 'M1', 'M109', 'M190', 'M400', 'M600'])

const NO_OPS = [
  'G10',
  'G11',
  'G20',
  'G21',
  'G29',
  'M17',
  'M18',
  'M73',
  'M75',
  'M76',
  'M77',
  'M78',
  'M82',
  'M83',
  'M84',
  'M106',
  'M107',
  'M111',
  'M117',
  'M119',
  'M201',
  'M203',
  'M204',
  'M205',
  'M206',
  'M209',
  'M220',
  'M221',
  'M290',
  'M300',
  'M420',
  'M500',
  'M501',
  'M502',
  'M503',
  'M524',
  'M851',
  'M876',
  'M900',
  'T0',
]

function plan(ctx: CommandContext, durations: number[]): Outcome {
  let next = 0
  return {
    wait: {
      poll(now) {
        while (next < durations.length && ctx.planner.add(durations[next] ?? 0, now)) next++
        return next < durations.length ? (ctx.planner.nextFreeAt(now) ?? now) : null
      },
    },
  }
}

/** Waits for the planner to empty, then for `ms` more (G4, G28). */
function syncThen(ctx: CommandContext, ms: number, then?: () => void): Outcome {
  let endsAt: number | null = null
  return {
    wait: {
      poll(now) {
        if (endsAt === null) {
          const drained = ctx.planner.drainedAt(now)
          if (drained > now) return drained
          endsAt = now + ms
          then?.()
        }
        return now >= endsAt ? null : endsAt
      },
    },
  }
}

function heatAndWait(ctx: CommandContext, id: HeaterId, words: Words): Outcome | void {
  const s = words.get('S')
  const r = words.get('R')
  const target = r ?? s
  if (target === undefined) return
  ctx.thermal.setTarget(id, target, ctx.now())
  const waitForCooling = r !== undefined
  if (!waitForCooling && ctx.thermal.actual(id, ctx.now()) >= target) return
  ctx.waitForHeatup = true
  // Marlin's TEMP_RESIDENCY_TIME: once within the window the wait holds on for the residency time.
  const residencyMs = ctx.options.residencyMs * ctx.options.timeScale
  let inWindowSince: number | null = null
  return {
    wait: {
      reportsTemperature: true,
      poll(now) {
        if (!ctx.waitForHeatup) return null
        const ms = ctx.thermal.timeToReach(id, target, now)
        if (ms > 0) {
          inWindowSince = null
          return now + Math.min(ms, 1000)
        }
        inWindowSince ??= now
        const doneAt = inWindowSince + residencyMs
        if (now >= doneAt) {
          ctx.waitForHeatup = false
          return null
        }
        return Math.min(doneAt, now + 1000)
      },
    },
  }
}

/** What Marlin prints after `start` at boot. */
export function banner(firmware: string): string[] {
  const version = /^Marlin\s+(\S+)/.exec(firmware)?.[1] ?? 'sim'
  return ['start', `echo:Marlin ${version}`, 'echo: Last Updated: 2026-11-26 | Author: (printgate sim)', 'echo: Free Memory: 4096  PlannerBufferBytes: 1232']
}

function firmwareInfo(ctx: CommandContext): void {
  const caps: [string, boolean][] = [
    ['SERIAL_XON_XOFF', false],
    ['BINARY_FILE_TRANSFER', false],
    ['EEPROM', true],
    ['VOLUMETRIC', true],
    ['AUTOREPORT_POS', false],
    ['AUTOREPORT_TEMP', true],
    ['PROGRESS', false],
    ['PRINT_JOB', true],
    ['AUTOLEVEL', false],
    ['RUNOUT', false],
    ['Z_PROBE', false],
    ['LEVELING_DATA', false],
    ['BUILD_PERCENT', true],
    ['SOFTWARE_POWER', false],
    ['TOGGLE_LIGHTS', false],
    ['CASE_LIGHT_BRIGHTNESS', false],
    ['EMERGENCY_PARSER', ctx.options.emergencyParser],
    ['HOST_ACTION_COMMANDS', true],
    ['PROMPT_SUPPORT', true],
    ['SDCARD', false],
    ['REPEAT', false],
    ['SD_WRITE', false],
    ['AUTOREPORT_SD_STATUS', false],
    ['LONG_FILENAME', false],
    ['EXTENDED_M20', false],
    ['THERMAL_PROTECTION', true],
    ['MOTION_MODES', false],
    ['ARCS', ctx.options.arcs],
    ['BABYSTEPPING', false],
    ['CHAMBER_TEMPERATURE', false],
    ['COOLER_TEMPERATURE', false],
    ['MEATPACK', false],
  ]
  ctx.say(
    `FIRMWARE_NAME:${ctx.options.firmware} SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 ` +
      'MACHINE_TYPE:printgate-sim EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff',
  )
  for (const [name, on] of caps) ctx.say(`Cap:${name}:${on ? 1 : 0}`)
}

const HANDLERS: Record<string, Handler> = {
  G0: (ctx, w) => plan(ctx, ctx.motion.linear(w, ctx.options.timeScale)),
  G1: (ctx, w) => plan(ctx, ctx.motion.linear(w, ctx.options.timeScale)),
  G2: (ctx, w) => plan(ctx, ctx.motion.arc(w, true, ctx.options.timeScale)),
  G3: (ctx, w) => plan(ctx, ctx.motion.arc(w, false, ctx.options.timeScale)),
  G4: (ctx, w) => syncThen(ctx, ((w.get('P') ?? 0) + (w.get('S') ?? 0) * 1000) * ctx.options.timeScale),
  G28: (ctx, w) => syncThen(ctx, ctx.options.homeMs * ctx.options.timeScale, () => ctx.motion.home(w)),
  G90: (ctx) => ctx.motion.setRelative(false),
  G91: (ctx) => ctx.motion.setRelative(true),
  G92: (ctx, w) => ctx.motion.setPosition(w),
  M82: (ctx) => ctx.motion.setRelativeExtrusion(false),
  M83: (ctx) => ctx.motion.setRelativeExtrusion(true),
  M104: (ctx, w) => ctx.thermal.setTarget('tool', w.get('S') ?? 0, ctx.now()),
  M140: (ctx, w) => ctx.thermal.setTarget('bed', w.get('S') ?? 0, ctx.now()),
  M109: (ctx, w) => heatAndWait(ctx, 'tool', w),
  M190: (ctx, w) => heatAndWait(ctx, 'bed', w),
  M105: (ctx) => {
    ctx.sayOk('ok' + ctx.thermal.report(ctx.now()))
    return { ok: false }
  },
  M0: (ctx, w, args) => pauseForUser(ctx, w, args),
  M1: (ctx, w, args) => pauseForUser(ctx, w, args),
  M108: (ctx) => {
    ctx.waitForHeatup = false
    ctx.waitForUser = false
  },
  // Marlin's M110 handler sets the line number again when it executes, so a host must not
  // pipeline numbered lines behind `N<k> M110 N<k>` before its ok.
  M110: (ctx, w) => {
    const n = w.get('N')
    if (n !== undefined) ctx.setLastN(n)
  },
  M112: (ctx) => ctx.kill([KILLED]),
  M113: (ctx, w) => ctx.setKeepaliveSeconds(w.get('S') ?? 2),
  M114: (ctx) => {
    const p = ctx.motion.position()
    ctx.say(`X:${p.x.toFixed(2)} Y:${p.y.toFixed(2)} Z:${p.z.toFixed(2)} E:${p.e.toFixed(2)} Count X:0 Y:0 Z:0`)
  },
  M115: (ctx) => firmwareInfo(ctx),
  M118: (ctx, _w, args) => ctx.say(args.trim()),
  M155: (ctx, w) => ctx.setAutoreportSeconds(w.get('S') ?? 0),
  M400: (ctx) => syncThen(ctx, 0),
  M410: (ctx) => ctx.quickStop(),
  M600: (ctx) => filamentChange(ctx),
}
for (const code of NO_OPS) HANDLERS[code] ??= () => undefined

/** `G01 X1` → code `G1`, args ` X1`; null when the text is not a G/M/T command. */
export function splitCommand(command: string): { code: string; args: string } | null {
  const m = /^([GMT])(\d+)(?:\.\d+)?/.exec(command)
  if (!m) return null
  return { code: `${m[1]}${Number(m[2])}`, args: command.slice(m[0].length) }
}

export function isMove(code: string): boolean {
  return code === 'G0' || code === 'G1' || code === 'G2' || code === 'G3'
}

export function runCommand(ctx: CommandContext, code: string, words: Words, args: string): Outcome | undefined {
  const handler = HANDLERS[code]
  if (!handler || ((code === 'G2' || code === 'G3') && !ctx.options.arcs)) return undefined
  return handler(ctx, words, args) ?? {}
}
