// Pure mappings from printgate's printer status to the JSON shapes OctoPrint clients (slicers) read.

import type { PrinterState, PrinterStatus, Temperatures } from '../printer/types.js'

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
    cancelling: false,
    sdReady: false,
    error: state === 'error',
    ready: state === 'operational',
    closedOrError: state === 'disconnected' || state === 'error',
  }
}

type OctoHeater = { actual: number; target: number | null; offset: number }

export function temperatureBody(t: Temperatures | null): Record<string, OctoHeater> {
  const out: Record<string, OctoHeater> = {}
  if (!t) return out
  t.tools.forEach((h, i) => (out[`tool${i}`] = { actual: h.actual, target: h.target, offset: 0 }))
  if (t.bed) out.bed = { actual: t.bed.actual, target: t.bed.target, offset: 0 }
  if (t.chamber) out.chamber = { actual: t.chamber.actual, target: t.chamber.target, offset: 0 }
  return out
}

/** `GET /api/printer` as OctoPrint answers it. */
export function printerBody(status: PrinterStatus) {
  return {
    temperature: temperatureBody(status.temperatures),
    sd: { ready: false },
    state: { text: stateText(status.state), flags: stateFlags(status.state) },
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

/** `GET /api/settings`: what Cura reads (sdSupport, webcam, plugins). */
export function settingsBody() {
  return {
    api: { allowCrossOrigin: false },
    feature: { sdSupport: false },
    webcam: { webcamEnabled: false, streamUrl: '', snapshotUrl: '' },
    plugins: {},
  }
}
