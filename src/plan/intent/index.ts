// The intent step's public surface.
export { parsePrimitive, EXAMPLE_REQUESTS, MAX_REQUEST_LENGTH } from './parse-intent.js'
export {
  intentSchema,
  primitiveIntentSchema,
  shapeSchema,
  OBJECT_NAMES,
  type Intent,
  type IntentParam,
  type PrimitiveIntent,
  type Shape,
  type ShapeKind,
  type ObjectName,
} from './schema.js'
