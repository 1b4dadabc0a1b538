// The G-code analysis step's public surface.
export { analyseGcode, WORKER_THRESHOLD_BYTES, type AnalyseOptions } from './analyse-gcode.js'
export { createGcodeAnalyser, DEFAULT_MAX_LINE_LENGTH, type AnalyserOptions } from './gcode-analyser.js'
export { parseDuration } from './metadata.js'
export { trapezoidSeconds } from './moves.js'
export type { GcodeAnalysis, GcodeChecks, SlicerInfo } from './types.js'
