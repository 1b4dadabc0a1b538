// The slicing step's public surface.
export { sliceModel, slicerArguments, PROFILES_DIR, DEFAULT_SLICE_TIMEOUT_MS, type SliceOptions, type SliceResult } from './slice-model.js'
export { findSlicer, INSTALL_HINT } from './find-slicer.js'
export { runProcess, type ProcessOutcome } from './run-process.js'
