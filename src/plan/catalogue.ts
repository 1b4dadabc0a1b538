// The printers, materials and qualities the planner knows: plain data, one source of truth.

export type Vec3 = [number, number, number]

export interface PrinterModel {
  id: 'ender3' | 'prusa_mk3s'
  name: string
  /** Printable volume in mm: bed width (X), bed depth (Y), max height (Z). */
  buildVolume: { x: number; y: number; z: number }
  /** Where the nozzle may legitimately extrude (purge lines can sit just off the bed). */
  reach: { min: Vec3; max: Vec3 }
  nozzleDiameter: number
  temperatureLimits: { hotendMax: number; bedMax: number }
  /** Longest framed line the firmware accepts (N… cmd*cs without the newline). */
  maxLineLength: number
  /** PrusaSlicer printer config shipped in slicing/profiles/. */
  slicerProfile: string
}

export const MATERIAL_IDS = ['PLA', 'PETG', 'ABS', 'ASA', 'TPU', 'NYLON'] as const
export type MaterialId = (typeof MATERIAL_IDS)[number]

export interface Material {
  id: MaterialId
  name: string
  /** g/cm³ */
  densityGPerCm3: number
  hotendC: number
  bedC: number
  slicerProfile: string
}

export const QUALITY_IDS = ['draft', 'standard', 'fine', 'ultra'] as const
export type QualityId = (typeof QUALITY_IDS)[number]

export interface Quality {
  id: QualityId
  layerHeight: number
  /** Default infill when the request names none. */
  infillPercent: number
  slicerProfile: string
  /** Extra PrusaSlicer settings (config key → value) applied after the profiles. */
  overrides: Record<string, string | number | boolean>
}

export const printerModels: PrinterModel[] = [
  {
    id: 'ender3',
    name: 'Creality Ender-3 class (generic Marlin, 220×220×250)',
    buildVolume: { x: 220, y: 220, z: 250 },
    reach: { min: [0, 0, 0], max: [220, 220, 250] },
    nozzleDiameter: 0.4,
    temperatureLimits: { hotendMax: 260, bedMax: 110 },
    maxLineLength: 95,
    slicerProfile: 'printer-ender3.ini',
  },
  {
    id: 'prusa_mk3s',
    name: 'Original Prusa i3 MK3S (250×210×210)',
    buildVolume: { x: 250, y: 210, z: 210 },
    reach: { min: [0, -4, 0], max: [250, 210, 210] },
    nozzleDiameter: 0.4,
    temperatureLimits: { hotendMax: 300, bedMax: 120 },
    maxLineLength: 95,
    slicerProfile: 'printer-prusa_mk3s.ini',
  },
]

export const materials: Record<MaterialId, Material> = {
  PLA: { id: 'PLA', name: 'PLA', densityGPerCm3: 1.24, hotendC: 205, bedC: 60, slicerProfile: 'material-pla.ini' },
  PETG: { id: 'PETG', name: 'PETG', densityGPerCm3: 1.27, hotendC: 240, bedC: 80, slicerProfile: 'material-petg.ini' },
  ABS: { id: 'ABS', name: 'ABS', densityGPerCm3: 1.04, hotendC: 245, bedC: 100, slicerProfile: 'material-abs.ini' },
  ASA: { id: 'ASA', name: 'ASA', densityGPerCm3: 1.07, hotendC: 255, bedC: 100, slicerProfile: 'material-asa.ini' },
  TPU: { id: 'TPU', name: 'TPU (flexible)', densityGPerCm3: 1.21, hotendC: 225, bedC: 50, slicerProfile: 'material-tpu.ini' },
  NYLON: { id: 'NYLON', name: 'Nylon (PA)', densityGPerCm3: 1.14, hotendC: 255, bedC: 80, slicerProfile: 'material-nylon.ini' },
}

export const qualities: Record<QualityId, Quality> = {
  draft: { id: 'draft', layerHeight: 0.3, infillPercent: 15, slicerProfile: 'quality-draft.ini', overrides: {} },
  standard: { id: 'standard', layerHeight: 0.2, infillPercent: 20, slicerProfile: 'quality-standard.ini', overrides: {} },
  fine: { id: 'fine', layerHeight: 0.15, infillPercent: 20, slicerProfile: 'quality-fine.ini', overrides: {} },
  ultra: { id: 'ultra', layerHeight: 0.1, infillPercent: 20, slicerProfile: 'quality-ultra.ini', overrides: {} },
}

export function findPrinterModel(id: string): PrinterModel | undefined {
  return printerModels.find((p) => p.id === id)
}
