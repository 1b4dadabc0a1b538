// Line-by-line G-code analyser: feed it lines in order, then ask for the GcodeAnalysis. Pure, no I/O.

import { framedLength, prepareLine } from '../../protocol/gcode-line.js'
import type { PrinterModel } from '../catalogue.js'
import { createMetadata, readComment } from './metadata.js'
import { createMoveTracker, DEFAULT_MOVE_OPTIONS, type MoveOptions } from './moves.js'
import type { GcodeAnalysis } from './types.js'

export interface AnalyserOptions {
  printer?: PrinterModel
  /** Longest framed line the firmware accepts; defaults to the printer's, else 95 (Marlin). */
  maxLineLength?: number
  moves?: MoveOptions
}

export const DEFAULT_MAX_LINE_LENGTH = 95
const MAX_LISTED_LONG_LINES = 100
const DEFAULT_FILAMENT_DIAMETER = 1.75
/** Features that are not the object: skirt, brim, purge/prime lines, wipe towers, custom start/end code. */
const NOT_OBJECT = /skirt|brim|custom|prime|purge|wipe/i

export function createGcodeAnalyser(o: AnalyserOptions = {}) {
  const meta = createMetadata()
  const moves = createMoveTracker(o.moves ?? DEFAULT_MOVE_OPTIONS)
  const maxLineLength = o.maxLineLength ?? o.printer?.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH
  let lineCount = 0
  let commandCount = 0
  let longest = 0
  const tooLong: number[] = []
  let tooLongCount = 0
  let binaryLine: number | null = null

  return {
    line(raw: string): void {
      lineCount++
      const semicolon = raw.indexOf(';')
      if (semicolon !== -1) readComment(meta, raw.slice(semicolon + 1))
      const cmd = prepareLine(raw)
      if (cmd === null) return
      commandCount++
      if (binaryLine === null && /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(cmd)) binaryLine = lineCount
      const framed = framedLength(commandCount, cmd)
      if (framed > longest) longest = framed
      if (framed > maxLineLength) {
        tooLongCount++
        if (tooLong.length < MAX_LISTED_LONG_LINES) tooLong.push(lineCount)
      }
      const isObject = meta.sawFeature && meta.feature !== null && !NOT_OBJECT.test(meta.feature)
      moves.command(cmd, isObject)
    },

    finish(): GcodeAnalysis {
      const m = moves.result()
      const problems: string[] = []
      const printer = o.printer
      let fits: boolean | undefined
      if (printer && m.boundingBox) {
        const { min, max } = m.boundingBox
        const eps = 0.05
        fits = [0, 1, 2].every((k) => min[k]! >= printer.reach.min[k]! - eps && max[k]! <= printer.reach.max[k]! + eps)
        if (!fits)
          problems.push(
            `Extrusion reaches ${min.join(', ')} to ${max.join(', ')} mm, outside the ${printer.id}'s ${printer.reach.min.join(', ')} to ${printer.reach.max.join(', ')} mm`,
          )
      }
      let temperaturesOk: boolean | undefined
      if (printer) {
        const hot = m.maxHotendC === null || m.maxHotendC <= printer.temperatureLimits.hotendMax
        const bed = m.maxBedC === null || m.maxBedC <= printer.temperatureLimits.bedMax
        temperaturesOk = hot && bed
        if (!hot) problems.push(`Hotend target ${m.maxHotendC} °C exceeds the ${printer.id}'s ${printer.temperatureLimits.hotendMax} °C`)
        if (!bed) problems.push(`Bed target ${m.maxBedC} °C exceeds the ${printer.id}'s ${printer.temperatureLimits.bedMax} °C`)
      }
      if (tooLongCount > 0) problems.push(`${tooLongCount} line(s) longer than ${maxLineLength} characters once framed, first at line ${tooLong[0]}`)
      if (binaryLine !== null) problems.push(`Control characters or invalid bytes at line ${binaryLine}`)
      if (commandCount === 0) problems.push('The file contains no commands')
      else if (!m.boundingBox) problems.push('The file contains no extruding moves')

      const fromMeta = meta.estimatedSeconds !== null || meta.filamentMm !== null
      const filamentMm = meta.filamentMm ?? m.filamentMm
      const diameter = meta.filamentDiameter ?? DEFAULT_FILAMENT_DIAMETER
      const density = meta.filamentDensity
      const filamentG = meta.filamentG ?? (density ? Math.round((filamentMm * Math.PI * (diameter / 2) ** 2 * density) / 10) / 100 : null)
      const layerCount = meta.layerCount ?? (meta.layerMarkers > 0 ? meta.layerMarkers : m.layerCount)
      return {
        slicer: meta.slicer,
        lineCount,
        commandCount,
        layerCount,
        layerHeights: m.layerHeights,
        boundingBox: m.boundingBox,
        objectBoundingBox: meta.sawFeature ? m.objectBoundingBox : null,
        filamentMm: Math.round(filamentMm * 100) / 100,
        filamentG,
        estimatedSeconds: meta.estimatedSeconds ?? m.estimatedSeconds,
        source: fromMeta ? 'slicer-metadata' : 'computed',
        computed: { layerCount: m.layerCount, filamentMm: m.filamentMm, estimatedSeconds: m.estimatedSeconds },
        checks: {
          ...(fits === undefined ? {} : { fitsBuildVolume: fits }),
          longestFramedLine: longest,
          tooLongLines: tooLong,
          tooLongLineCount: tooLongCount,
          ...(temperaturesOk === undefined ? {} : { temperaturesWithinLimits: temperaturesOk }),
          maxHotendC: m.maxHotendC,
          maxBedC: m.maxBedC,
          problems,
        },
      }
    },
  }
}
