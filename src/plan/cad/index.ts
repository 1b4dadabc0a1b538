// The CAD step's public surface.
export { buildModel, type ModelResult, type BuildModelOptions } from './build-model.js'
export { analyticVolume, buildPart, circleSegments } from './shapes.js'
export { layoutCopies, partSize, BED_BORDER_MM, COPY_GAP_MM } from './layout.js'
export { measureStl, countOpenEdges, type BoundingBox, type StlStats } from './stl-stats.js'
