// Where a print request goes when it names no printer: the first idle printer the job fits, else the main one.
import type { JobStatus } from '../jobs/types.js'
import type { BuildVolume, PrinterUnit, Printers } from './types.js'

/** A job of one of these holds its printer (running its pipeline, queued or printing). */
const HOLDING: readonly JobStatus[] = ['pending', 'research_phase', 'cad_phase', 'slicing_phase', 'queued', 'printing_phase', 'paused']

/** The largest coordinate the job reaches, when known (a G-code file's extrusions, an STL's size). */
export type JobExtent = BuildVolume | null

export function fits(bed: BuildVolume | undefined, extent: JobExtent): boolean {
  if (!bed || !extent) return true
  return extent.x <= bed.x && extent.y <= bed.y && extent.z <= bed.z
}

export function isIdle(unit: PrinterUnit): boolean {
  return unit.printer.status().state === 'operational' && unit.jobs.count(HOLDING) === 0
}

/** First idle printer that fits; else the main printer when it fits; else the first that fits; else the main one. */
export function pickPrinter(printers: Printers, extent: JobExtent): PrinterUnit {
  const fitting = printers.list().filter((u) => fits(u.bed, extent))
  return fitting.find(isIdle) ?? (fitting.includes(printers.main) ? printers.main : fitting[0]) ?? printers.main
}

/** The extent recorded by analysis: G-code `boundingBox.max`, STL `boundingBox.size`. */
export function extentOf(kind: 'gcode' | 'stl', analysis: unknown): JobExtent {
  const box = (analysis as { boundingBox?: { max?: number[]; size?: number[] } | null } | null)?.boundingBox
  const v = kind === 'gcode' ? box?.max : box?.size
  if (!Array.isArray(v) || v.length < 3 || !v.every((n) => typeof n === 'number')) return null
  return { x: v[0] as number, y: v[1] as number, z: v[2] as number }
}
