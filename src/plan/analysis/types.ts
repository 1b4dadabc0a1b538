// What G-code analysis reports, for sliced and uploaded files alike.

import type { BoundingBox } from '../cad/stl-stats.js'

export interface SlicerInfo {
  name: string
  version: string | null
}

export interface GcodeChecks {
  /** Every extruding move inside the printer's reach; absent without a printer to check against. */
  fitsBuildVolume?: boolean
  /** Longest `N<n> cmd*cs` line the streamer will send (numbered from 1 in file order). */
  longestFramedLine: number
  /** File line numbers (1-based) longer than the firmware accepts once framed; at most 100 listed. */
  tooLongLines: number[]
  tooLongLineCount: number
  /** Hotend and bed targets within the printer's limits; absent without a printer. */
  temperaturesWithinLimits?: boolean
  maxHotendC: number | null
  maxBedC: number | null
  problems: string[]
}

export interface GcodeAnalysis {
  slicer: SlicerInfo | null
  /** Lines in the file, comments included. */
  lineCount: number
  /** Lines that are sent to the printer (not empty, not comment-only). */
  commandCount: number
  layerCount: number
  /** Distinct layer heights in mm, ascending (e.g. [0.2] or [0.2, 0.3]). */
  layerHeights: number[]
  /** Extent of all extruding moves (centre lines of the extrusions). */
  boundingBox: BoundingBox | null
  /** Extent of the object's own extrusions: skirt, brim, purge and custom start/end code left out. Null when the file has no feature comments. */
  objectBoundingBox: BoundingBox | null
  /** Net filament pushed, in mm. */
  filamentMm: number
  filamentG: number | null
  estimatedSeconds: number | null
  /** Where filament and time came from: the slicer's own comments, or this module's move model. */
  source: 'slicer-metadata' | 'computed'
  /** The move model's own figures, always present, for comparison with the slicer's. */
  computed: { layerCount: number; filamentMm: number; estimatedSeconds: number }
  checks: GcodeChecks
}
