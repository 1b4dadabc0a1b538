// The intent step's public surface.
export { parseIntent, EXAMPLE_REQUESTS, MAX_REQUEST_LENGTH } from './parse-intent.js'
export { intentSchema, shapeSchema, OBJECT_NAMES, type Intent, type Shape, type ShapeKind, type ObjectName } from './schema.js'
