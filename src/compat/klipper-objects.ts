// Klipper-shaped printer objects (extruder, heater_bed, toolhead, print_stats, …) built from a Marlin printer's state, and Moonraker's query filter.
import type { PrinterStatus } from '../printer/types.js'
import type { CompatPrinterModel } from './octoprint-shapes.js'
import type { LastPrint } from './printer-watch.js'

export interface KlipperFacts {
  status: PrinterStatus
  fileName: string | null
  filamentMm: number | null
  layerCount: number | null
  fan: number
  lastPrint: LastPrint | null
  model: CompatPrinterModel
}

export type ObjectStatus = Record<string, Record<string, unknown>>

export const KLIPPER_OBJECTS = [
  'webhooks',
  'extruder',
  'heater_bed',
  'heaters',
  'fan',
  'toolhead',
  'gcode_move',
  'print_stats',
  'virtual_sdcard',
  'display_status',
  'pause_resume',
  'idle_timeout',
] as const

/** print_stats.state: printing | paused | complete | cancelled | error | standby. */
export function printState(f: Pick<KlipperFacts, 'status' | 'lastPrint'>): string {
  if (f.status.state === 'printing') return 'printing'
  if (f.status.state === 'paused') return 'paused'
  const outcome = f.lastPrint?.outcome
  if (outcome === 'completed') return 'complete'
  if (outcome === 'cancelled') return 'cancelled'
  if (outcome === 'failed' || outcome === 'interrupted') return 'error'
  return 'standby'
}

export function klipperObjects(f: KlipperFacts): ObjectStatus {
  const { status } = f
  const job = status.job
  const tool = status.temperatures?.tools[0] ?? null
  const bed = status.temperatures?.bed ?? null
  const ready = ['operational', 'printing', 'paused'].includes(status.state)
  const pos = status.position ? [status.position.x, status.position.y, status.position.z, status.position.e] : [0, 0, 0, 0]
  const progress = job ? job.percent / 100 : 0
  const printSeconds = job ? job.elapsedMs / 1000 : (f.lastPrint?.elapsedMs ?? 0) / 1000
  const state = printState(f)
  const { width, depth, height } = f.model.volume
  return {
    webhooks: {
      state: ready ? 'ready' : status.state === 'error' ? 'shutdown' : 'startup',
      state_message: ready ? 'Printer is ready' : (status.reason ?? `printer ${status.state}`),
    },
    extruder: {
      temperature: tool?.actual ?? 0,
      target: tool?.target ?? 0,
      power: 0,
      can_extrude: (tool?.actual ?? 0) >= 170,
      pressure_advance: 0,
      smooth_time: 0.04,
    },
    heater_bed: { temperature: bed?.actual ?? 0, target: bed?.target ?? 0, power: 0 },
    heaters: { available_heaters: ['extruder', 'heater_bed'], available_sensors: ['extruder', 'heater_bed'] },
    fan: { speed: f.fan, rpm: null },
    toolhead: {
      position: pos,
      homed_axes: status.position ? 'xyz' : '',
      print_time: printSeconds,
      estimated_print_time: printSeconds,
      extruder: 'extruder',
      max_velocity: 300,
      max_accel: 3000,
      axis_minimum: [0, 0, 0, 0],
      axis_maximum: [width, depth, height, 0],
    },
    gcode_move: {
      speed_factor: 1,
      extrude_factor: 1,
      speed: 0,
      absolute_coordinates: true,
      absolute_extrude: true,
      homing_origin: [0, 0, 0, 0],
      position: pos,
      gcode_position: pos,
    },
    print_stats: {
      filename: job || state !== 'standby' ? (f.fileName ?? '') : '',
      state,
      message: state === 'error' ? (f.lastPrint?.reason ?? '') : '',
      print_duration: printSeconds,
      total_duration: job ? (job.elapsedMs + job.pausedMs) / 1000 : printSeconds,
      filament_used: f.filamentMm != null ? f.filamentMm * progress : 0,
      info: { total_layer: f.layerCount, current_layer: job?.layer ?? null },
    },
    virtual_sdcard: {
      file_path: job ? f.fileName : null,
      progress,
      is_active: status.state === 'printing',
      file_position: job?.bytesConfirmed ?? 0,
      file_size: job?.bytesTotal ?? 0,
    },
    display_status: { progress, message: null },
    pause_resume: { is_paused: status.state === 'paused' },
    idle_timeout: { state: status.state === 'printing' || status.state === 'paused' ? 'Printing' : 'Ready', printing_time: printSeconds },
  }
}

/** Moonraker's `objects` argument: `{name: null | [fields]}`; unknown objects are left out, as Klipper does. */
export function pickObjects(all: ObjectStatus, wanted: Record<string, readonly string[] | null>): ObjectStatus {
  const out: ObjectStatus = {}
  for (const [name, fields] of Object.entries(wanted)) {
    const obj = all[name]
    if (!obj) continue
    out[name] = fields ? Object.fromEntries(fields.filter((k) => k in obj).map((k) => [k, obj[k]])) : { ...obj }
  }
  return out
}

/** The fields that changed since `previous` (compared by value), for notify_status_update. */
export function changedFields(previous: ObjectStatus, next: ObjectStatus): ObjectStatus {
  const diff: ObjectStatus = {}
  for (const [name, obj] of Object.entries(next)) {
    for (const [key, value] of Object.entries(obj)) {
      if (JSON.stringify(previous[name]?.[key]) !== JSON.stringify(value)) (diff[name] ??= {})[key] = value
    }
  }
  return diff
}
