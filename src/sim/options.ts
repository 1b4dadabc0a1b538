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
import { z } from 'zod'

const flag = z.union([z.literal('0'), z.literal('1'), z.literal('true'), z.literal('false')]).transform((v) => v === '1' || v === 'true')
const count = z.coerce.number().int().nonnegative()
const rate = z.coerce.number().min(0).max(1)

export const simUrlSchema = z.strictObject({
  baud: count.optional(),
  latencyMs: z.coerce.number().min(0).default(3),
  rxBuffer: z.coerce.number().int().min(8).default(128),
  bufsize: z.coerce.number().int().min(1).default(4),
  planner: z.coerce.number().int().min(2).default(16),
  advancedOk: flag.default(false),
  okAfterResend: flag.default(true),
  emergencyParser: flag.default(true),
  arcs: flag.default(true),
  firmware: z.string().min(1).default('Marlin 2.1.2.1 (printgate sim)'),
  corrupt: rate.default(0),
  dropOk: rate.default(0),
  dropByte: rate.default(0),
  replyGarble: rate.default(0),
  replyMerge: rate.default(0),
  residencyMs: count.default(10_000),
  seed: z.coerce.number().int().default(1),
  resetAtLine: count.optional(),
  disconnectAtLine: count.optional(),
  busyStorm: count.optional(),
  busyStormMs: count.default(10_000),
  thermalRunawayAtLine: count.optional(),
  heatRate: z.coerce.number().positive().default(3),
  bedHeatRate: z.coerce.number().positive().default(1),
  stuckHeaterAt: z.coerce.number().positive().optional(),
  deadHeater: flag.default(false),
  homeMs: count.default(2000),
  timeScale: z.coerce.number().min(0).default(1),
  resetOnOpen: flag.default(true),
  bootMs: count.default(0),
  transcript: flag.default(true),
  powerPanic: z.enum(['none', 'prusa']).default('none'),
})

export type SimOptions = z.output<typeof simUrlSchema>
export type SimOptionsInput = z.input<typeof simUrlSchema>

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

/** Validates options given as strings (URL, CLI) or values; fills the defaults. */
export function parseSimOptions(input: Record<string, unknown>): SimOptions {
  const stringified = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'boolean' || typeof v === 'number' ? String(v) : v]))
  const result = simUrlSchema.safeParse(stringified)
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')
    throw new TypeError(`invalid simulator options: ${issues}`)
  }
  return result.data
}
