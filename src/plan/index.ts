// printgate's words-to-G-code library: intent → model → slice → analysis. The orchestrator's only entry point here.

export { EXAMPLE_REQUESTS, MAX_REQUEST_LENGTH, intentSchema, shapeSchema, OBJECT_NAMES, parsePrimitive } from './intent/index.js'
export type { Intent, IntentParam, Shape, ShapeKind, ObjectName } from './intent/index.js'
export {
  understand,
  parseRequest,
  parseRequest as parseIntent,
  DEFAULT_CLEARANCE_MM,
  DEFAULT_HOLE_COMPENSATION_MM,
  type Understanding,
  type UnderstandOptions,
} from './library/understand.js'
export { reviseIntent, type ParamChanges } from './library/revise.js'
export { families, getFamily } from './library/registry.js'
export { describeFamilies, type FamilySummary } from './library/describe.js'
export { buildModel, type ModelResult, type BuildModelOptions, type BoundingBox } from './cad/index.js'
export { sliceModel, findSlicer, slicerArguments, type SliceOptions, type SliceResult } from './slicing/index.js'
export { analyseGcode, createGcodeAnalyser, type AnalyseOptions, type GcodeAnalysis, type GcodeChecks } from './analysis/index.js'
export { resolvePrintProfile, profileForIntent, DEFAULT_PROFILE_NAME, type PrintProfile } from './print-profile.js'
export {
  printerModels,
  materials,
  qualities,
  findPrinterModel,
  MATERIAL_IDS,
  QUALITY_IDS,
  type PrinterModel,
  type Material,
  type MaterialId,
  type Quality,
  type QualityId,
} from './catalogue.js'
