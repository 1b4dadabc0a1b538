// Camera settings: a streamer's URL or a V4L2 device, frame rates, orientation, timelapse; one or several named cameras.
import { z } from 'zod'

export const cameraSchema = z
  .strictObject({
    /** Name in `/webcam/<name>/`; the first camera also answers on `/webcam/`. */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/i)
      .default('default'),
    /** An MJPEG stream: mjpg-streamer/ustreamer `http://host:8080/?action=stream`, camera-streamer `http://host:8080/stream`. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** A V4L2 device read by ffmpeg with `-input_format mjpeg -c copy` (no re-encoding). */
    device: z.string().startsWith('/dev/').optional(),
    /** Capture size for a device, e.g. `640x480`. */
    size: z
      .string()
      .regex(/^\d{2,5}x\d{2,5}$/)
      .optional(),
    /** Frames per second sent to each viewer while printing (also the device's capture rate). */
    fps: z.number().int().min(1).max(30).default(10),
    /** Frames per second sent to each viewer while the printer is idle. */
    idleFps: z.number().int().min(1).max(30).default(2),
    /** How the UI and the timelapse turn the picture. */
    rotate: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).default(0),
    flipHorizontal: z.boolean().default(false),
    flipVertical: z.boolean().default(false),
    /** A printer this camera watches (several printers: later). */
    printer: z.string().min(1).optional(),
  })
  .refine((c) => Boolean(c.url) !== Boolean(c.device), { message: 'give exactly one of url or device' })

export const timelapseSchema = z.strictObject({
  /** A frame at every layer change of a print. */
  enabled: z.boolean().default(true),
  /** Extra frames every this many seconds while printing; 0 for none. */
  intervalSeconds: z.number().min(0).max(3600).default(0),
  /** Frame rate of the rendered video. */
  fps: z.number().int().min(1).max(60).default(25),
  /** ffmpeg threads for rendering (it also runs at nice 19). */
  threads: z.union([z.literal(1), z.literal(2)]).default(1),
})

export const cameraSectionSchema = z.strictObject({
  /** Cameras; `PRINTGATE_CAMERA_URL` adds one named `default` when this is empty. */
  cameras: z
    .array(cameraSchema)
    .default([])
    .refine((list) => new Set(list.map((c) => c.name)).size === list.length, { message: 'camera names must be unique' }),
  /** Viewer and timelapse demand gone this long closes the upstream connection. */
  lingerMs: z.number().int().min(0).max(600_000).default(5_000),
  timelapse: timelapseSchema.default(timelapseSchema.parse({})),
})

export type CameraConfig = z.infer<typeof cameraSchema>
export type TimelapseConfig = z.infer<typeof timelapseSchema>
export type CameraSection = z.infer<typeof cameraSectionSchema>

const SECTION_KEYS = new Set(['cameras', 'lingerMs', 'timelapse'])

/**
 * The YAML accepts `camera: {url|device, …}` (one camera), `camera: {cameras: […], timelapse: …}`, or
 * both: camera keys beside `cameras` (e.g. from `PRINTGATE_CAMERA_URL`) become the first camera.
 */
export const cameraConfigSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw ?? {}
  const entries = Object.entries(raw as Record<string, unknown>)
  const single = Object.fromEntries(entries.filter(([k]) => !SECTION_KEYS.has(k)))
  const section = Object.fromEntries(entries.filter(([k]) => SECTION_KEYS.has(k)))
  if (Object.keys(single).length === 0) return section
  const others = Array.isArray(section.cameras) ? (section.cameras as unknown[]) : []
  return { ...section, cameras: [single, ...others] }
}, cameraSectionSchema)
