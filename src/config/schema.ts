// The gateway's configuration: one strict zod schema, defaults that start on the simulator.
import { z } from 'zod'
import { securityOptionsSchema } from '../auth/config.js'
import { cameraConfigSchema, cameraSectionSchema } from '../camera/config.js'
import { mqttConfigSchema } from '../mqtt/config.js'

// transcript=0: the simulator keeps no list of every executed command, which would grow with each print (tests pass their own URL).
export const DEFAULT_SIM_PORT = 'sim://marlin?baud=250000&latencyMs=2&heatRate=20&bedHeatRate=5&transcript=0'

const httpSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  port: z.number().int().min(0).max(65535).default(8000),
  /** Largest JSON body accepted, in bytes. */
  jsonLimitBytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Origins allowed by CORS; empty means CORS stays off. */
  corsOrigins: z.array(z.string()).default([]),
  /** Request headers must be complete within this (slowloris). */
  headersTimeoutMs: z.number().int().min(100).default(10_000),
  /** A connection with nothing sent or received for this long is closed. */
  idleTimeoutMs: z.number().int().min(100).default(30_000),
  /** A whole request, body included: room for a 500 MB upload over slow Wi-Fi. */
  requestTimeoutMs: z
    .number()
    .int()
    .min(100)
    .default(15 * 60_000),
})

/** HTTPS beside HTTP (phones need it for web push, install and the service worker); on when cert and key are set. */
const httpsSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(8443),
    /** PEM files, e.g. made by systemd/make-cert.sh (install.sh --https). */
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
  })
  .refine((h) => (h.cert === undefined) === (h.key === undefined), 'https needs both cert and key, or neither')

const printerSchema = z.strictObject({
  /** A device path (`/dev/ttyUSB0`) or a simulator URL (`sim://marlin?...`). */
  port: z.string().min(1).default(DEFAULT_SIM_PORT),
  baud: z.number().int().positive().default(250000),
  /** A firmware profile id; chosen from the firmware's name when absent. */
  firmwareProfile: z.string().min(1).optional(),
  /** Connect when the gateway starts. */
  autoConnect: z.boolean().default(true),
  /** What SIGTERM does to a running print: run the cancel script, or leave it paused. */
  onShutdown: z.enum(['cancel', 'pause']).default('cancel'),
  /**
   * Where the printer engine runs: `process` (its own child process and event loop, so HTTP load cannot stall the
   * link) or `in-process` (the gateway's loop, behind the same proxy: tests and tiny setups).
   */
  engine: z.enum(['process', 'in-process']).default('process'),
  /** Print files that change firmware settings or flash firmware (M500, M502, M303, M997 …) without an admin starting them. */
  allowFirmwareCommandsInFiles: z.boolean().default(false),
  /**
   * Arc fitting: send runs of short G1 moves that lie on one circle as one G2/G3, only to firmware that reports
   * `Cap:ARCS:1`. Off by default: the arc is within `arcToleranceMm` of the file's path and E is kept exactly, but
   * the firmware then cuts the arc into its own segments (Marlin's MIN_ARC_SEGMENT_MM), not the slicer's.
   */
  arcFitting: z.boolean().default(false),
  arcToleranceMm: z.number().min(0.001).max(0.1).default(0.02),
  /**
   * Lines in flight: the firmware profile's default when absent. `buffered` is honoured only where the profile allows
   * it; on Marlin it is for links the user trusts (a line error can cut a pipelined line: README, flow modes).
   */
  flowMode: z.enum(['ping-pong', 'buffered']).optional(),
})

/** One printer of several (`printers:`): the `printer:` settings plus an id, a name and, optionally, its build volume. */
const printerEntrySchema = printerSchema.extend({
  /** Stable id in URLs, topics and the jobs table: lower-case letters, digits, `_` and `-`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, _ and - (at most 32)'),
  name: z.string().min(1).max(60).optional(),
  /** Build volume in mm; a job whose extent is larger is not sent here when the request names no printer. */
  bed: z.strictObject({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive() }).optional(),
})

const printersSchema = z
  .array(printerEntrySchema)
  .min(1)
  .superRefine((list, ctx) => {
    const seen = new Set<string>()
    for (const [index, entry] of list.entries()) {
      if (seen.has(entry.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `printer id ${entry.id} is used twice` })
      seen.add(entry.id)
    }
  })

export type PrinterEntry = z.infer<typeof printerEntrySchema>

const queueSchema = z.strictObject({
  /** Start the next queued print without waiting for someone to confirm the bed is clear. */
  autoStart: z.boolean().default(false),
  /** Typed requests wait for "Print it" on the phone after slicing, before heating (a request may ask otherwise). */
  confirmTypedRequests: z.boolean().default(true),
})

const filesSchema = z.strictObject({
  maxUploadBytes: z
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
})

const slicerSchema = z.strictObject({
  path: z.string().min(1).optional(),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
})

const discoverySchema = z.strictObject({
  /** mDNS announcement (_octoprint._tcp, _http._tcp): `auto` is on for a real serial port and off for the simulator. */
  mdns: z.enum(['auto', 'on', 'off']).default('auto'),
})

const loggingSchema = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Log every console line of a print (debugging only: it is a lot). */
  consoleTraffic: z.boolean().default(false),
})

/** Notifications (src/notify): ntfy/Apprise-style URLs told when a job finishes, fails, pauses or waits for the bed. */
const notifySchema = z.strictObject({
  /** e.g. `ntfys://ntfy.sh/my-printer`, `json://192.168.1.5:8000/notify`, `https://ntfy.example.org/printer`. */
  urls: z.array(z.string().regex(/^(ntfys?|jsons?|https?):\/\/[^/\s]+/, 'ntfy://, ntfys://, json://, jsons://, http:// or https:// with a host')).default([]),
  /** One more URL, from PRINTGATE_NOTIFY_URL. */
  url: z
    .string()
    .regex(/^(ntfys?|jsons?|https?):\/\/[^/\s]+/, 'ntfy://, ntfys://, json://, jsons://, http:// or https:// with a host')
    .optional(),
  /** Web push (RFC 8292 `sub`): a contact for the push services; Apple's wants a real mailto: or https: address. */
  pushSubject: z
    .string()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'a mailto: or https: URL')
    .default('mailto:printgate@example.org'),
})

/** Access control (src/auth): LAN guard, anonymous read, proxies, pairing. CORS and body limits live under `http`. */
const securitySchema = securityOptionsSchema.omit({ corsOrigins: true, jsonLimitBytes: true })

export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default('./data'),
  http: httpSchema.default(httpSchema.parse({})),
  https: httpsSchema.default(httpsSchema.parse({})),
  printer: printerSchema.default(printerSchema.parse({})),
  /** Several printers (issue 19); when given, `printer:` is not (the single section is the printer `default`). */
  printers: printersSchema.optional(),
  queue: queueSchema.default(queueSchema.parse({})),
  files: filesSchema.default(filesSchema.parse({})),
  slicer: slicerSchema.default(slicerSchema.parse({})),
  discovery: discoverySchema.default(discoverySchema.parse({})),
  logging: loggingSchema.default(loggingSchema.parse({})),
  security: securitySchema.default(securitySchema.parse({})),
  /** Cameras and timelapse (src/camera). */
  camera: cameraConfigSchema.default(cameraSectionSchema.parse({})),
  notify: notifySchema.default(notifySchema.parse({})),
  /** MQTT and Home Assistant discovery (src/mqtt); off without a url. */
  mqtt: mqttConfigSchema.default(mqttConfigSchema.parse({})),
})

export type Config = z.infer<typeof configSchema>
