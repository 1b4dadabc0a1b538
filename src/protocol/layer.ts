// Layer markers slicers write as comments (PrusaSlicer, Cura, Simplify3D); read from the raw file line.

export interface LayerMarker {
  layer?: number
  z?: number
  layerChange?: boolean
}

const CURA_LAYER = /^;LAYER:\s*(-?\d+)\s*$/
const PRUSA_Z = /^;Z:\s*(-?\d+(?:\.\d+)?)\s*$/
const SIMPLIFY3D = /^;\s*layer\s+(\d+),\s*Z\s*=\s*(-?\d+(?:\.\d+)?)/i

/**
 * `;LAYER_CHANGE` (PrusaSlicer/SuperSlicer/Orca) -> `{ layerChange: true }`; `;LAYER:n` (Cura) ->
 * `{ layer: n }`; `;Z:1.2` -> `{ z: 1.2 }`; Simplify3D `; layer 3, Z = 0.6` -> `{ layer: 3, z: 0.6 }`.
 * Anything else (`;HEIGHT:`, `;LAYER_COUNT:`, moves) -> null. Cheap for non-comment lines.
 */
export function layerMarker(raw: string): LayerMarker | null {
  let start = 0
  while (start < raw.length && (raw.charCodeAt(start) === 0x20 || raw.charCodeAt(start) === 0x09)) start++
  if (raw.charCodeAt(start) !== 0x3b /* ; */) return null
  const text = (start === 0 ? raw : raw.slice(start)).trimEnd()

  if (text === ';LAYER_CHANGE') return { layerChange: true }
  const cura = CURA_LAYER.exec(text)
  if (cura) return { layer: Number(cura[1]) }
  const z = PRUSA_Z.exec(text)
  if (z) return { z: Number(z[1]) }
  const s3d = SIMPLIFY3D.exec(text)
  if (s3d) return { layer: Number(s3d[1]), z: Number(s3d[2]) }
  return null
}
