// Simulator options: the `sim://marlin?key=value&…` URL parameters, their defaults and their meaning.
/*
 * URL parameters (all optional; unknown keys are refused so typos do not pass silently):
 *   baud          link rate of the simulated UART in both directions, baud/10 bytes per second; 0 = unlimited.
 *                 Absent: the firmware runs at the rate the host opened the port with. When both are given and
 *                 differ, the host and the firmware see garbage, as with a real wrong baud rate.
 *   latencyMs     reply turnaround added to every firmware output (USB adapter + firmware loop), default 3.
 *   rxBuffer      UART receive ring in bytes, default 128; like Marlin's ring it holds rxBuffer-1 bytes.
 *                 Bytes arriving while it is full are DROPPED (counted in stats.droppedBytes).
 *   bufsize       command slots (Marlin BUFSIZE), default 4.
 *   planner       planner blocks (BLOCK_BUFFER_SIZE), default 16; like Marlin one block stays unused,
 *                 so at most planner-1 moves are queued and `P` in ADVANCED_OK reads planner-1 when empty.
 *   advancedOk    0/1, default 0: `ok N<n> P<planner free> B<slots free>`.
 *   okAfterResend 0/1, default 1: `ok` after `Resend:` (Marlin 2.x); 0 = the "Resend without ok" variant.
 *   emergencyParser 0/1, default 1: M108/M112/M410 acted on as bytes arrive (else only when dequeued from RX).
 *   arcs          0/1, default 1: G2/G3 run (Marlin's ARC_SUPPORT) and M115 reports `Cap:ARCS:1`; 0 = unknown commands.
 *   firmware      the FIRMWARE_NAME text, default `Marlin 2.1.2.1 (printgate sim)`.
 *   corrupt       probability that a received byte is corrupted, e.g. 0.01 (see fault-injector.ts).
 *   corruptPayload 0/1, default 0: inbound noise (corrupt, dropByte) hits only bytes before a line's `*`.
 *   lineReader    `marlin` (default: the byte ring, drained after a line error) or `virtual`: OctoPrint's virtual
 *                 printer's line checks (virtual-line-checker.ts): whole lines, no drain, a checksum mismatch asks
 *                 for a counter that also counts lines refused as out of sequence.
 *   dropOk        probability that an `ok` line is not sent, e.g. 0.005.
 *   dropByte      probability that a received byte is lost on the wire (a lost line end merges two lines).
 *   replyGarble   probability that a reply line has one byte garbled on its way to the host.
 *   replyMerge    probability that a reply line loses its line end and runs into the next reply.
 *   residencyMs   Marlin's TEMP_RESIDENCY_TIME: M109/M190 hold this long within the window after reaching the
 *                 target, default 10000 (scaled by timeScale).
 *   seed          seed of the deterministic random generator, default 1.
 *   resetAtLine   the firmware resets (prints `start`, state cleared) when line N is received (once).
 *   disconnectAtLine  the cable is pulled when line N is received (once): reads reject, writes fail.
 *   busyStorm     when line N executes, the firmware blocks for busyStormMs printing `echo:busy: processing`
 *                 every 100 ms (once).
 *   busyStormMs   length of the busy storm, default 10000.
 *   thermalRunawayAtLine  `Error:Thermal Runaway, system stopped! Heater_ID: 0` + kill when line N is received.
 *   heatRate      hotend heating in °C/s, default 3; bedHeatRate, default 1.
 *   stuckHeaterAt the hotend's reading freezes once it reaches this many °C (a failed thermistor); default off.
 *   deadHeater    0/1, default 0: the hotend never warms (a broken heater cartridge or wire).
 *   homeMs        duration of G28, default 2000 (scaled by timeScale).
 *   timeScale     multiplies every motion/dwell/homing duration, default 1 (0.1 = ten times faster).
 *   resetOnOpen   0/1, default 1: opening the port resets the board (AVR DTR behaviour) and prints the banner;
 *                 0 = native USB: a reopened port reattaches to the running firmware.
 *   bootMs        time after a reset during which received bytes are ignored, default 0.
 *   transcript    0/1, default 1: keep the list of executed commands (turn off for huge files).
 *   powerPanic    `none` (default) or `prusa`: Prusa-Firmware's power panic for host prints (prusa-power-panic.ts);
 *                 use with firmware=`Prusa-Firmware 3.14.1 based on Marlin`.
 */
// Hand-written, not zod: the engine process loads this for sim:// ports and stays without zod (memory).
type Spec =
  | { kind: 'number'; int?: boolean; min?: number; max?: number; positive?: boolean; default?: number }
  | { kind: 'flag'; default: boolean }
  | { kind: 'text'; default: string }
  | { kind: 'choice'; choices: readonly string[]; default: string }

const count = (fallback?: number): Spec => ({ kind: 'number', int: true, min: 0, ...(fallback !== undefined ? { default: fallback } : {}) })
const rate: Spec = { kind: 'number', min: 0, max: 1, default: 0 }
const flag = (fallback: boolean): Spec => ({ kind: 'flag', default: fallback })

const SPECS = {
  baud: count(),
  latencyMs: { kind: 'number', min: 0, default: 3 },
  rxBuffer: { kind: 'number', int: true, min: 8, default: 128 },
  bufsize: { kind: 'number', int: true, min: 1, default: 4 },
  planner: { kind: 'number', int: true, min: 2, default: 16 },
  advancedOk: flag(false),
  okAfterResend: flag(true),
  emergencyParser: flag(true),
  arcs: flag(true),
  firmware: { kind: 'text', default: 'Marlin 2.1.2.1 (printgate sim)' },
  corrupt: rate,
  corruptPayload: flag(false),
  lineReader: { kind: 'choice', choices: ['marlin', 'virtual'], default: 'marlin' },
  dropOk: rate,
  dropByte: rate,
  replyGarble: rate,
  replyMerge: rate,
  residencyMs: count(10_000),
  seed: { kind: 'number', int: true, default: 1 },
  resetAtLine: count(),
  disconnectAtLine: count(),
  busyStorm: count(),
  busyStormMs: count(10_000),
  thermalRunawayAtLine: count(),
  heatRate: { kind: 'number', positive: true, default: 3 },
  bedHeatRate: { kind: 'number', positive: true, default: 1 },
  stuckHeaterAt: { kind: 'number', positive: true },
  deadHeater: flag(false),
  homeMs: count(2000),
  timeScale: { kind: 'number', min: 0, default: 1 },
  resetOnOpen: flag(true),
  bootMs: count(0),
  transcript: flag(true),
  powerPanic: { kind: 'choice', choices: ['none', 'prusa'], default: 'none' },
} satisfies Record<keyof SimOptions, Spec>

export interface SimOptions {
  baud?: number
  latencyMs: number
  rxBuffer: number
  bufsize: number
  planner: number
  advancedOk: boolean
  okAfterResend: boolean
  emergencyParser: boolean
  arcs: boolean
  firmware: string
  corrupt: number
  corruptPayload: boolean
  lineReader: 'marlin' | 'virtual'
  dropOk: number
  dropByte: number
  replyGarble: number
  replyMerge: number
  residencyMs: number
  seed: number
  resetAtLine?: number
  disconnectAtLine?: number
  busyStorm?: number
  busyStormMs: number
  thermalRunawayAtLine?: number
  heatRate: number
  bedHeatRate: number
  stuckHeaterAt?: number
  deadHeater: boolean
  homeMs: number
  timeScale: number
  resetOnOpen: boolean
  bootMs: number
  transcript: boolean
  powerPanic: 'none' | 'prusa'
}
export type SimOptionsInput = { [K in keyof SimOptions]?: string | number | boolean }

/** One option from its text; a message when it does not fit its spec. */
function parseValue(spec: Spec, text: string): { value: unknown } | { problem: string } {
  switch (spec.kind) {
    case 'flag':
      return ['0', '1', 'true', 'false'].includes(text) ? { value: text === '1' || text === 'true' } : { problem: 'expected 0, 1, true or false' }
    case 'text':
      return text.length > 0 ? { value: text } : { problem: 'must not be empty' }
    case 'choice':
      return spec.choices.includes(text) ? { value: text } : { problem: `expected one of ${spec.choices.join(', ')}` }
    case 'number': {
      const n = Number(text)
      if (!Number.isFinite(n)) return { problem: `expected a number, got "${text}"` }
      if (spec.int && !Number.isInteger(n)) return { problem: 'expected a whole number' }
      if (spec.positive && n <= 0) return { problem: 'must be greater than 0' }
      if (spec.min !== undefined && n < spec.min) return { problem: `must be at least ${spec.min}` }
      if (spec.max !== undefined && n > spec.max) return { problem: `must be at most ${spec.max}` }
      return { value: n }
    }
  }
}

export const SIM_URL_PREFIX = 'sim://'

/** True when a port path names the simulator. */
export function isSimPath(path: string): boolean {
  return path.startsWith(SIM_URL_PREFIX)
}

/** Parses `sim://marlin?baud=115200&latencyMs=3`; throws TypeError on an unknown profile or a bad value. */
export function parseSimPath(path: string): SimOptions {
  if (!isSimPath(path)) throw new TypeError(`not a simulator path: ${path}`)
  const url = new URL(path)
  const profile = url.hostname || url.pathname.replace(/^\/+/, '')
  if (profile !== 'marlin') throw new TypeError(`unknown simulated firmware "${profile}" (only "marlin")`)
  return parseSimOptions(Object.fromEntries(url.searchParams))
}

/** Validates options given as strings (URL, CLI) or values; fills the defaults. Unknown keys are refused. */
export function parseSimOptions(input: Record<string, unknown>): SimOptions {
  const out: Record<string, unknown> = {}
  const issues: string[] = []
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined) continue
    const spec = (SPECS as Record<string, Spec>)[key]
    if (!spec) {
      issues.push(`options: unknown key "${key}"`)
      continue
    }
    const parsed = parseValue(spec, typeof raw === 'string' ? raw : String(raw))
    if ('problem' in parsed) issues.push(`${key}: ${parsed.problem}`)
    else out[key] = parsed.value
  }
  if (issues.length > 0) throw new TypeError(`invalid simulator options: ${issues.join('; ')}`)
  for (const [key, spec] of Object.entries(SPECS as Record<string, Spec>)) if (!(key in out) && spec.default !== undefined) out[key] = spec.default
  return out as unknown as SimOptions
}
