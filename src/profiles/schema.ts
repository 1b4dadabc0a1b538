// The strict schema of a firmware profile: every firmware difference the engine branches on is data here.

import { createRequire } from 'node:module'
import type * as Zod from 'zod'

/** The schema, built with the zod it is given (see firmwareProfileSchema). */
function buildSchema(z: typeof Zod.z) {
  const script = z.array(z.string().min(1)).describe('G-code lines; {name} placeholders are filled by the engine')

  const heaterLimits = z.strictObject({
    /** A reading that stops arriving, or stays the same while far from the target, for this long. */
    staleS: z.number().positive(),
    /** Within this of the target counts as reached. */
    bandC: z.number().positive(),
    /** Falling this far below the highest reading while heating. */
    dropC: z.number().positive(),
    /** While heating, it must rise by watchIncreaseC every watchPeriodS. */
    watchPeriodS: z.number().positive(),
    watchIncreaseC: z.number().positive(),
    /** Once reached, straying more than runawayBandC for runawayPeriodS. */
    runawayBandC: z.number().positive(),
    runawayPeriodS: z.number().positive(),
  })

  return z.strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    /** Case-insensitive substrings of M115's FIRMWARE_NAME that select this profile; first match wins in priority order. */
    detect: z.array(z.string().min(1)),
    /** Higher wins when several profiles' `detect` match (prusa-buddy over prusa-mk3 over marlin). */
    detectPriority: z.number().int().default(0),
    baudRates: z.array(z.number().int().positive()).min(1),
    checksum: z.enum(['always', 'printing', 'never']),
    lineNumbers: z.strictObject({
      /** `param`: `M110 N<k>`; `line`: `N<k> M110`; `both`: `N<k> M110 N<k>`; `none`: M110 is a no-op. */
      resetForm: z.enum(['param', 'line', 'both', 'none']),
      /** Re-issue the reset after this many lines in one job (well before any wrap). */
      resetEvery: z.number().int().positive(),
      /** The largest line number the firmware handles safely. */
      wrapLimit: z.number().int().positive(),
      /**
       * Send `N<r-1> M110` before a replay that dropped later lines (resend-resync.ts): for firmware that also counts
       * the lines it refused (OctoPrint's virtual printer), whose next resend request would otherwise skip lines.
       */
      resyncBeforeReplay: z.boolean().default(false),
    }),
    /** Longest framed line (`N… cmd*cs`, without the newline) the firmware accepts. */
    maxLineLength: z.number().int().min(20),
    /** Receive buffer in bytes (UART ring) and parsed-command slots. */
    rxBufferBytes: z.number().int().positive(),
    commandSlots: z.number().int().positive(),
    plannerBlocks: z.number().int().positive(),
    /** `execution`: ok after the command ran (Marlin); `receipt`: ok when queued (Repetier). */
    okAfter: z.enum(['execution', 'receipt']),
    /** Firmware answers empty and comment-only lines with ok (Smoothie, Klipper). */
    okForEmptyLines: z.boolean(),
    /** How the firmware asks for a line again. `none`: it drops bad lines silently (RRF). */
    resendForm: z.enum(['marlin', 'rs', 'none']),
    /** `always`: an ok follows every resend request; `never`: synthesise it; `detect`: synthesise if none comes soon. */
    okAfterResend: z.enum(['always', 'never', 'detect']),
    busyKeepalive: z.boolean(),
    /** `wait` counts as a lost ok while lines are in flight. */
    waitIsOk: z.boolean(),
    autoreport: z.strictObject({
      /** Command to enable temperature autoreport, e.g. `M155 S{seconds}`, when the capability is present. */
      temperature: z.string().nullable(),
      position: z.string().nullable(),
    }),
    emergency: z.strictObject({
      /** `capability`: the EMERGENCY_PARSER cap decides; `always`/`never`: known without asking. */
      parser: z.enum(['capability', 'always', 'never']),
      stop: z.string().min(1),
    }),
    flow: z.strictObject({
      default: z.enum(['ping-pong', 'buffered']),
      bufferedAllowed: z.boolean(),
      /** Bytes kept free in the receive buffer when counting characters. */
      rxMargin: z.number().int().min(0),
    }),
    timeouts: z.strictObject({
      /** No reply at all for this long while a line is pending counts as one timeout. */
      communicationMs: z.number().int().positive(),
      /** Shorter timeout once busy keep-alives are known to flow. */
      busyMs: z.number().int().positive(),
      /** Commands that legitimately take long, with their own timeout. */
      longCommands: z.record(z.string().regex(/^[GM]\d+$/), z.number().int().positive()),
      /** Consecutive timeouts that end a print. */
      consecutiveLimit: z.number().int().positive(),
      handshakeMs: z.number().int().positive(),
    }),
    /** Extra reply substrings that are fatal for this firmware (besides the universal ones). */
    fatalPatterns: z.array(z.string()),
    temperatureLimits: z.strictObject({
      hotendMax: z.number().positive(),
      bedMax: z.number().positive(),
      chamberMax: z.number().positive(),
    }),
    scripts: z.strictObject({
      afterConnect: script,
      /** Runs at pause after the position is captured; placeholders: {x} {y} {z} {e} {z_lift} {park_x} {park_y}. */
      pause: script,
      /**
       * Placeholders: {x} {y} {z} {e} {f} {tool0_target} {bed_target} {extrusion_mode}.
       * {extrusion_mode} is `M82` or `M83`, the job's E mode before the pause (the pause script and
       * Marlin's G90 change it); its line is dropped when the engine does not know it.
       */
      resume: script,
      cancel: script,
      /** Sent after the emergency stop command, if the firmware still listens. */
      afterEmergency: script,
    }),
    park: z.strictObject({ x: z.number(), y: z.number(), zLift: z.number().min(0) }),
    /** Power-loss recovery the firmware does itself for a host print (see firmware-profiles/README.md). */
    recovery: z
      .strictObject({
        /** `prusa-m79`: Prusa-Firmware's power panic for host prints (M79 keep-alive, `//action:uvlo_recovery_ready`, M602). */
        firmwarePowerPanic: z.enum(['prusa-m79']).nullable(),
        /** How often the host keep-alive goes while connected (the firmware's own timer is longer). */
        hostKeepaliveMs: z.number().int().positive(),
        /** The two characters the printer shows for the host (`M79 S"PG"`). */
        hostName: z.string().regex(/^[A-Z0-9]{2}$/),
      })
      .default({ firmwarePowerPanic: null, hostKeepaliveMs: 12_000, hostName: 'PG' }),
    /** The host's heater watchdog, a second line behind the firmware's own thermal protection (more lenient than it). */
    heaterWatchdog: z.strictObject({ hotend: heaterLimits, bed: heaterLimits }).default({
      hotend: { staleS: 15, bandC: 10, dropC: 10, watchPeriodS: 40, watchIncreaseC: 2, runawayBandC: 20, runawayPeriodS: 60 },
      bed: { staleS: 15, bandC: 5, dropC: 5, watchPeriodS: 120, watchIncreaseC: 2, runawayBandC: 10, runawayPeriodS: 120 },
    }),
  })
}

let built: ReturnType<typeof buildSchema> | undefined
/**
 * The strict schema, built on first use: zod is loaded only when a profile must be validated. The build step
 * validates the shipped profiles into dist/ (scripts/build.mjs), so the engine process never loads zod for them.
 */
export function firmwareProfileSchema(): ReturnType<typeof buildSchema> {
  return (built ??= buildSchema((createRequire(import.meta.url)('zod') as typeof Zod).z))
}

export type FirmwareProfile = Zod.infer<ReturnType<typeof buildSchema>>
