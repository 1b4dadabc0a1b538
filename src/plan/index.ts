// printgate's words-to-G-code library: intent → model → slice → analysis. The orchestrator's only entry point here.

export { parseIntent, EXAMPLE_REQUESTS, MAX_REQUEST_LENGTH, intentSchema, shapeSchema, OBJECT_NAMES } from './intent/index.js'
export type { Intent, Shape, ShapeKind, ObjectName } from './intent/index.js'
export { buildModel, type ModelResult, type BuildModelOptions, type BoundingBox } from './cad/index.js'
export { sliceModel, findSlicer, slicerArguments, type SliceOptions, type SliceResult } from './slicing/index.js'
export { analyseGcode, createGcodeAnalyser, type AnalyseOptions, type GcodeAnalysis, type GcodeChecks } from './analysis/index.js'
export { resolvePrintProfile, profileForIntent, DEFAULT_PROFILE_NAME, type PrintProfile } from './print-profile.js'
export {
  printerModels, materials, qualities, findPrinterModel, MATERIAL_IDS, QUALITY_IDS,
  type PrinterModel, type Material, type MaterialId, type Quality, type QualityId,
} from './catalogue.js'
