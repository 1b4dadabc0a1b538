// Pure mappings from printgate's printer status to the JSON shapes OctoPrint clients (slicers) read.

import type { PrinterState, PrinterStatus, Temperatures } from '../printer/types.js'
import type { WebcamInfo } from './deps.js'

export const OCTOPRINT_COMPAT_VERSION = '1.10.0'

export function versionBody(ownVersion: string): { api: string; server: string; text: string } {
  return { api: '0.1', server: OCTOPRINT_COMPAT_VERSION, text: `OctoPrint ${OCTOPRINT_COMPAT_VERSION} (printgate ${ownVersion})` }
}

const STATE_TEXT: Record<PrinterState, string> = {
  disconnected: 'Offline',
  connecting: 'Connecting',
  handshake: 'Connecting',
  operational: 'Operational',
  printing: 'Printing',
  paused: 'Paused',
  error: 'Error',
}

export function stateText(state: PrinterState): string {
  return STATE_TEXT[state]
}

export function stateFlags(state: PrinterState) {
  const operational = state === 'operational' || state === 'printing' || state === 'paused'
  return {
    operational,
    printing: state === 'printing',
    paused: state === 'paused',
    pausing: false,
    resuming: false,
    cancelling: false,
    finishing: false,
    sdReady: false,
    error: state === 'error',
    ready: state === 'operational',
    closedOrError: state === 'disconnected' || state === 'error',
  }
}

type OctoHeater = { actual: number; target: number | null; offset: number }
/** Offsets per heater (`tool0`, `bed`) set with `POST /api/printer/tool|bed {command: 'offset'}`. */
export type HeaterOffsets = Readonly<Record<string, number>>

export function temperatureBody(t: Temperatures | null, offsets: HeaterOffsets = {}): Record<string, OctoHeater> {
  const out: Record<string, OctoHeater> = {}
  if (!t) return out
  const heater = (key: string, h: { actual: number; target: number | null }) => (out[key] = { actual: h.actual, target: h.target, offset: offsets[key] ?? 0 })
  t.tools.forEach((h, i) => heater(`tool${i}`, h))
  if (t.bed) heater('bed', t.bed)
  if (t.chamber) heater('chamber', t.chamber)
  return out
}

/** `GET /api/printer` as OctoPrint answers it; `exclude` drops `temperature`, `sd` or `state`. */
export interface OctoPrinterBody {
  temperature?: Record<string, OctoHeater> & { history?: unknown[] }
  sd?: { ready: boolean }
  state?: { text: string; flags: ReturnType<typeof stateFlags>; error: string }
}

export function printerBody(status: PrinterStatus, o: { offsets?: HeaterOffsets; exclude?: readonly string[]; history?: unknown[] } = {}): OctoPrinterBody {
  const exclude = new Set(o.exclude ?? [])
  const temperature = temperatureBody(status.temperatures, o.offsets)
  return {
    ...(exclude.has('temperature') ? {} : { temperature: o.history ? Object.assign(temperature, { history: o.history }) : temperature }),
    ...(exclude.has('sd') ? {} : { sd: { ready: false } }),
    ...(exclude.has('state')
      ? {}
      : { state: { text: stateText(status.state), flags: stateFlags(status.state), error: status.state === 'error' ? (status.reason ?? '') : '' } }),
  }
}

export interface CompatJobInfo {
  fileName: string | null
  fileSize: number | null
  estimatedSeconds: number | null
  filamentMm: number | null
}

/** `GET /api/job` with real values: completion in percent, times in seconds. */
export function jobBody(status: PrinterStatus, info: CompatJobInfo | null) {
  const p = status.job
  const printTime = p ? Math.round(p.elapsedMs / 1000) : null
  let printTimeLeft: number | null = null
  let origin: string | null = null
  if (p && info?.estimatedSeconds != null) {
    printTimeLeft = Math.max(0, Math.round(info.estimatedSeconds - p.elapsedMs / 1000))
    origin = 'analysis'
  } else if (p && p.percent > 0) {
    printTimeLeft = Math.round((p.elapsedMs / 1000) * (100 / p.percent - 1))
    origin = 'linear'
  }
  return {
    job: {
      file: {
        name: info?.fileName ?? null,
        path: info?.fileName ?? null,
        display: info?.fileName ?? null,
        origin: info?.fileName ? 'local' : null,
        size: info?.fileSize ?? null,
        date: null,
      },
      estimatedPrintTime: info?.estimatedSeconds ?? null,
      lastPrintTime: null,
      filament: info?.filamentMm != null ? { tool0: { length: info.filamentMm, volume: null } } : null,
      user: null,
    },
    progress: {
      completion: p ? p.percent : null,
      filepos: p ? p.bytesConfirmed : null,
      printTime,
      printTimeLeft,
      printTimeLeftOrigin: origin,
    },
    state: stateText(status.state),
  }
}

export interface CompatPrinterModel {
  id: string
  name: string
  volume: { width: number; depth: number; height: number }
}

/** `GET /api/printerprofiles`: Cura indexes `profiles` directly, so it is always present. */
export function printerProfilesBody(models: CompatPrinterModel[], currentId: string) {
  const profiles: Record<string, unknown> = {}
  for (const m of models) {
    profiles[m.id] = {
      id: m.id,
      name: m.name,
      model: m.name,
      color: 'default',
      current: m.id === currentId,
      default: m.id === currentId,
      heatedBed: true,
      heatedChamber: false,
      volume: { width: m.volume.width, depth: m.volume.depth, height: m.volume.height, formFactor: 'rectangular', origin: 'lowerleft' },
      axes: {
        x: { speed: 6000, inverted: false },
        y: { speed: 6000, inverted: false },
        z: { speed: 200, inverted: false },
        e: { speed: 300, inverted: false },
      },
      extruder: { count: 1, nozzleDiameter: 0.4 },
    }
  }
  return { profiles }
}

/** What `GET /api/settings` shows about the install. */
export interface SettingsFacts {
  name: string
  uuid: string
  webcam: WebcamInfo | null
}

/**
 * `GET /api/settings`: Cura reads sdSupport and webcam, Home Assistant reads `plugins.discovery.upnpUuid`
 * (its device id) and `webcam`, OctoApp reads `appearance.name`.
 */
export function settingsBody(facts: SettingsFacts) {
  const cam = facts.webcam
  return {
    api: { allowCrossOrigin: false },
    appearance: { name: facts.name, color: 'default', colorTransparent: false },
    feature: { sdSupport: false, temperatureGraph: true, modelSizeDetection: true },
    folder: { uploads: 'uploads', timelapse: 'timelapse' },
    serial: { autoconnect: true, baudrate: null, port: null },
    temperature: {
      profiles: [
        { name: 'PLA', extruder: 200, bed: 60, chamber: null },
        { name: 'PETG', extruder: 240, bed: 80, chamber: null },
      ],
    },
    webcam: {
      webcamEnabled: cam !== null,
      timelapseEnabled: false,
      streamUrl: cam?.streamUrl ?? '',
      snapshotUrl: cam?.snapshotUrl ?? '',
      flipH: cam?.flipHorizontal ?? false,
      flipV: cam?.flipVertical ?? false,
      rotate90: cam?.rotate === 90,
      streamRatio: '16:9',
      streamTimeout: 5,
    },
    plugins: {
      discovery: { upnpUuid: facts.uuid, publicHost: null, publicPort: null, pathPrefix: '/' },
      tracking: { enabled: false, unique_id: facts.uuid },
    },
  }
}
