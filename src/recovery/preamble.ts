// Builds the G-code that brings a printer back to a print after a power cut, in the order firmware power-loss recovery uses.
import type { ModalState } from '../protocol/modal-state.js'

export interface PreambleInput {
  /** The modal state just before the layer the print resumes at. */
  before: ModalState
  layer: number
  /** Where the nozzle physically is: the last Z the firmware acknowledged before the cut. */
  zNow: number
  /** The Z to lower to over the resume point (the height the print was at before the resumed layer). */
  zResume: number
  /** Targets to heat to when the file had set none by then (from the recovery record). */
  fallbackTargets: { hotend: number | null; bed: number | null }
  park: { x: number; y: number; zLift: number }
  /** Filament to purge at the park position, mm. */
  purgeMm?: number
  /** Counter hint for files whose layer markers are relative (`;LAYER_CHANGE`): the resumed file keeps the layer numbers. */
  layerHint: boolean
}

const n = (value: number): string => String(Math.round(value * 1000) / 1000)

/** The preamble's lines, each with a comment saying why; the original file continues right after them. */
export function buildResumePreamble(input: PreambleInput): string[] {
  const { before, park } = input
  const hotend = before.hotendTarget && before.hotendTarget > 0 ? before.hotendTarget : input.fallbackTargets.hotend
  const bed = before.bedTarget && before.bedTarget > 0 ? before.bedTarget : input.fallbackTargets.bed
  const purge = input.purgeMm ?? 15
  const lifted = Math.max(input.zNow, input.zResume) + park.zLift
  const lines: string[] = [`; printgate: resume after a power cut at layer ${input.layer}`]
  if (input.layerHint) lines.push(`;LAYER:${input.layer - 1}`)
  if (before.tool !== 0) lines.push(`T${before.tool} ; the tool the print used`)
  if (bed !== null && bed > 0) lines.push(`M140 S${n(bed)} ; heat the bed`, `M190 S${n(bed)} ; wait for the bed so the part stays stuck`)
  if (hotend !== null && hotend > 0) lines.push(`M104 S${n(hotend)} ; heat the nozzle`, `M109 S${n(hotend)} ; wait: a hot nozzle lets go of the part`)
  lines.push(
    'G90 ; absolute positions',
    `G92 Z${n(input.zNow)} ; Z is where the print stopped: never home Z onto the part`,
    `G1 Z${n(lifted)} F600 ; lift off the part`,
    'G28 X Y ; home X and Y only',
    `G1 X${n(park.x)} Y${n(park.y)} F3000 ; away from the part`,
    'M83 ; relative E for the purge',
    `G1 E${n(purge)} F200 ; purge`,
    'G1 E-1 F2400 ; retract before travelling over the part',
  )
  if (before.x !== null && before.y !== null) lines.push(`G1 X${n(before.x)} Y${n(before.y)} F3000 ; over the resume point`)
  lines.push(`G1 Z${n(input.zResume)} F600 ; lower to the print`, 'G1 E1 F2400 ; undo the retract')
  lines.push(before.relativeE ? 'M83 ; the file uses relative E' : 'M82 ; the file uses absolute E')
  lines.push(`G92 E${before.relativeE ? 0 : n(before.e)} ; E as the file expects it`)
  if (before.relativeXYZ) lines.push('G91 ; the file was in relative positioning')
  if (before.feedrate !== null) lines.push(`G1 F${n(before.feedrate)} ; the file's feed rate`)
  lines.push(before.fan > 0 ? `M106 S${Math.round(before.fan)} ; part fan as it was` : 'M107 ; part fan off, as it was')
  if (before.linearAdvance !== null) lines.push(`M900 K${n(before.linearAdvance)} ; linear advance as it was`)
  return lines
}
