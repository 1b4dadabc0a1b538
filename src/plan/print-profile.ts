// Resolves a print profile name (the seed's `ender3_pla_standard` style, or a plain printer id) to printer, material and quality.

import { GatewayError } from '../core/errors.js'
import type { Intent } from './intent/schema.js'
import {
  MATERIAL_IDS,
  QUALITY_IDS,
  findPrinterModel,
  materials,
  printerModels,
  qualities,
  type Material,
  type MaterialId,
  type PrinterModel,
  type Quality,
  type QualityId,
} from './catalogue.js'

export interface PrintProfile {
  printer: PrinterModel
  material: Material
  quality: Quality
}

export const DEFAULT_PROFILE_NAME = 'ender3_pla'

/** Named profiles that are not a plain `<printer>_<material>_<quality>` combination. */
const SPECIAL_PROFILES: Record<string, { printer: PrinterModel['id']; material: MaterialId; quality: Quality }> = {
  cat_high_detail: {
    printer: 'ender3',
    material: 'PLA',
    quality: {
      ...qualities.fine,
      layerHeight: 0.12,
      infillPercent: 12,
      overrides: { 'seam-position': 'rear', 'top-solid-layers': 6, 'bottom-solid-layers': 6, 'perimeter-speed': 35 },
    },
  },
}

const QUALITY_ALIASES: Record<string, QualityId> = {
  draft: 'draft',
  fast: 'draft',
  low: 'draft',
  standard: 'standard',
  normal: 'standard',
  medium: 'standard',
  default: 'standard',
  fine: 'fine',
  high: 'fine',
  detail: 'fine',
  ultra: 'ultra',
  ultrafine: 'ultra',
  ultra_fine: 'ultra',
  highest: 'ultra',
}

function unknown(name: string, reason: string): GatewayError {
  const known = [...printerModels.map((p) => p.id), 'ender3_pla_standard', 'prusa_mk3s_petg_fine', ...Object.keys(SPECIAL_PROFILES)]
  return new GatewayError('SLICER_PROFILE_UNKNOWN', `Unknown print profile "${name}": ${reason}`, {
    detail: {
      profile: name,
      form: '<printer>[_<material>[_<quality>]]',
      printers: printerModels.map((p) => p.id),
      materials: MATERIAL_IDS,
      qualities: QUALITY_IDS,
      examples: known,
    },
  })
}

function resolveQuality(text: string | null | undefined): QualityId | undefined {
  if (text === null || text === undefined || text.trim() === '') return undefined
  const id =
    QUALITY_ALIASES[
      text
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ]
  if (!id) throw new GatewayError('SLICER_PROFILE_UNKNOWN', `Unknown quality "${text}"`, { detail: { quality: text, qualities: QUALITY_IDS } })
  return id
}

/**
 * `ender3`, `ender3_pla`, `ender3_pla_standard`, `prusa_mk3s_petg_fine`, `cat_high_detail` …
 * A given `quality` (draft/standard/fine/ultra) wins over the quality inside the name.
 * Missing parts default to PLA and standard; an unknown part throws SLICER_PROFILE_UNKNOWN.
 */
export function resolvePrintProfile(name: string | null | undefined, quality?: string | null): PrintProfile {
  const requestedQuality = resolveQuality(quality)
  const key = (name ?? DEFAULT_PROFILE_NAME).trim().toLowerCase().replace(/-/g, '_') || DEFAULT_PROFILE_NAME
  const special = SPECIAL_PROFILES[key]
  if (special) {
    return {
      printer: findPrinterModel(special.printer)!,
      material: materials[special.material],
      quality: requestedQuality ? qualities[requestedQuality] : special.quality,
    }
  }
  const printer = [...printerModels].sort((a, b) => b.id.length - a.id.length).find((p) => key === p.id || key.startsWith(`${p.id}_`))
  if (!printer) throw unknown(key, 'no such printer')
  const rest = key.slice(printer.id.length).split('_').filter(Boolean)
  if (rest.length > 2) throw unknown(key, 'too many parts')
  const materialId = rest[0] === undefined ? 'PLA' : MATERIAL_IDS.find((m) => m.toLowerCase() === rest[0])
  if (!materialId) throw unknown(key, `no such material "${rest[0]}"`)
  const qualityFromName = rest[1] === undefined ? 'standard' : QUALITY_ALIASES[rest[1]]
  if (!qualityFromName) throw unknown(key, `no such quality "${rest[1]}"`)
  return { printer, material: materials[materialId], quality: qualities[requestedQuality ?? qualityFromName] }
}

/**
 * The profile for a job: the named profile, with the material and quality the request itself stated (if any) taking precedence.
 * An explicit `quality` argument (the API's quality_level) still beats the request text's.
 */
export function profileForIntent(
  intent: Pick<Intent, 'material' | 'quality'> & { slicer?: { spiralVase: boolean } },
  name: string | null | undefined,
  quality?: string | null,
): PrintProfile {
  const profile = resolvePrintProfile(name, quality)
  const chosen = !quality && intent.quality ? qualities[intent.quality] : profile.quality
  return {
    printer: profile.printer,
    material: intent.material ? materials[intent.material] : profile.material,
    // A spiral-vase family (the vase) prints one continuous perimeter: PrusaSlicer's spiral_vase.
    quality: intent.slicer?.spiralVase
      ? { ...chosen, overrides: { ...chosen.overrides, 'spiral-vase': true, perimeters: 1, 'top-solid-layers': 0 }, infillPercent: 0 }
      : chosen,
  }
}
