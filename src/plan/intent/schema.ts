// The strict, validated shape of a parsed print request (the "intent"); all lengths in millimetres.

import { z } from 'zod'
import { MATERIAL_IDS, QUALITY_IDS } from '../catalogue.js'

/** Largest single dimension the parser accepts at all; the CAD step then checks the printer's volume. */
export const MAX_DIMENSION_MM = 1000
/** Smallest dimension worth sending to a 0.4 mm nozzle. */
export const MIN_DIMENSION_MM = 0.3

const mm = z.number().min(MIN_DIMENSION_MM).max(MAX_DIMENSION_MM)

export const OBJECT_NAMES = [
  'cube', 'calibration_cube', 'box', 'plate', 'cylinder', 'rod', 'disc', 'sphere', 'cone', 'pyramid',
  'torus', 'ring', 'tube', 'pipe', 'washer', 'spacer', 'hex_prism',
] as const
export type ObjectName = (typeof OBJECT_NAMES)[number]

export const shapeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('box'), width: mm, depth: mm, height: mm }),
  z.strictObject({ kind: z.literal('cylinder'), diameter: mm, height: mm }),
  z.strictObject({ kind: z.literal('sphere'), diameter: mm }),
  z.strictObject({ kind: z.literal('cone'), diameter: mm, height: mm }),
  z.strictObject({ kind: z.literal('pyramid'), base: mm, height: mm }),
  /** `diameter` is the overall outer diameter, `thickness` the diameter of the tube. */
  z.strictObject({ kind: z.literal('torus'), diameter: mm, thickness: mm }),
  z.strictObject({ kind: z.literal('tube'), outerDiameter: mm, innerDiameter: mm, height: mm }),
  z.strictObject({ kind: z.literal('hex_prism'), acrossFlats: mm, height: mm }),
])
export type Shape = z.infer<typeof shapeSchema>
export type ShapeKind = Shape['kind']

export const intentSchema = z.strictObject({
  /** The request text as received (trimmed). */
  request: z.string().min(1),
  /** The object the user named; `shape` is the geometry built for it. */
  object: z.enum(OBJECT_NAMES),
  shape: shapeSchema,
  count: z.int().min(1).max(100),
  /** Only what the request said; null lets the print profile decide. */
  material: z.enum(MATERIAL_IDS).nullable(),
  quality: z.enum(QUALITY_IDS).nullable(),
  infillPercent: z.int().min(0).max(100).nullable(),
  /** A closed inner void with walls of `wallThickness` (boxes, cylinders, spheres). */
  hollow: z.boolean(),
  wallThickness: mm.nullable(),
  /** Every value the parser filled in or interpreted, in words. */
  assumptions: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  method: z.literal('rules'),
})
export type Intent = z.infer<typeof intentSchema>
