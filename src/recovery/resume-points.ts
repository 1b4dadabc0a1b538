// Scans a G-code file for the places a print can resume: each layer's first line, with the modal state just before it.
import { prepareLine } from '../protocol/gcode-line.js'
import { layerMarker } from '../protocol/layer.js'
import { applyModal, initialModalState, type ModalState } from '../protocol/modal-state.js'
import { readFileLines } from '../printer/file-lines.js'

export interface ResumePoint {
  /** Layer number as the print counts it (`;LAYER_CHANGE` counts from 1, Cura's `;LAYER:n` is n). */
  layer: number
  /** The layer's print height (its `;Z:` marker, else its first Z move), when known. */
  z: number | null
  /** Byte offset of the layer's first marker line: the resumed file continues from here. */
  byteOffset: number
  /** 1-based line number of that marker line. */
  fileLine: number
  /** The printer's modal state after every command before this point. */
  before: ModalState
}

export interface ResumeScan {
  points: ResumePoint[]
  /** How the file marks layers: a resumed file needs a counter hint when its markers are relative (`;LAYER_CHANGE`). */
  markers: 'relative' | 'absolute' | 'none'
  bytesTotal: number
}

/** Reads the whole file once (streamed) and returns one resume point per layer. */
export async function scanResumePoints(path: string): Promise<ResumeScan> {
  const state = initialModalState()
  const points: ResumePoint[] = []
  let markers: ResumeScan['markers'] = 'none'
  let layer: number | null = null
  let lineStart = 0
  let bytesTotal = 0
  let open: ResumePoint | null = null

  const startLayer = (next: number, at: number, fileLine: number): void => {
    layer = next
    open = { layer: next, z: null, byteOffset: at, fileLine, before: { ...state } }
    points.push(open)
  }

  const reader = readFileLines(path, (line) => {
    const start = lineStart
    lineStart = line.byteEnd
    bytesTotal = line.byteEnd
    const command = prepareLine(line.raw)
    if (command === null) {
      const marker = layerMarker(line.raw)
      if (!marker) return
      if (marker.layerChange) {
        markers = 'relative'
        startLayer((layer ?? 0) + 1, start, line.lineNumber)
      } else if (marker.layer !== undefined) {
        if (markers === 'none') markers = 'absolute'
        // Simplify3D's marker carries both; a `;Z:` right after `;LAYER_CHANGE` belongs to the layer just opened.
        startLayer(marker.layer, start, line.lineNumber)
        if (marker.z !== undefined && open) open.z = marker.z
      } else if (marker.z !== undefined && open && open.z === null) open.z = marker.z
      return
    }
    applyModal(state, command)
    if (open && open.z === null && !state.relativeXYZ && /^G[01] /.test(command) && command.includes('Z')) open.z = state.z
  })
  await reader.finished
  return { points, markers, bytesTotal }
}
