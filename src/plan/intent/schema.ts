// The strict, validated shape of a parsed print request (the "intent"); all lengths in millimetres.

import { z } from 'zod'
import { MATERIAL_IDS, QUALITY_IDS } from '../catalogue.js'

/** Largest single dimension the parser accepts at all; the CAD step then checks the printer's volume. */
export const MAX_DIMENSION_MM = 1000
/** Smallest dimension worth sending to a 0.4 mm nozzle. */
export const MIN_DIMENSION_MM = 0.3

const mm = z.number().min(MIN_DIMENSION_MM).max(MAX_DIMENSION_MM)

export const OBJECT_NAMES = [
  'cube',
  'calibration_cube',
  'box',
  'plate',
  'cylinder',
  'rod',
  'disc',
  'sphere',
  'cone',
  'pyramid',
  'torus',
  'ring',
  'tube',
  'pipe',
  'washer',
  'spacer',
  'hex_prism',
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

/** What the primitive parser (parse-intent.ts) produces; `intentSchema` adds the object library's fields. */
export const primitiveIntentSchema = z.strictObject({
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
export type PrimitiveIntent = z.infer<typeof primitiveIntentSchema>

const paramSchema = z.strictObject({
  value: z.union([z.number(), z.string()]),
  unit: z.enum(['mm', 'count', 'ml', 'deg', 'text', 'choice']),
  /** asked: the request said it; default: the family's default (also listed in notes); catalogue: from a named standard part. */
  source: z.enum(['asked', 'default', 'catalogue', 'derived']),
  label: z.string(),
  note: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  choices: z.array(z.string()).optional(),
})
export type IntentParam = z.infer<typeof paramSchema>

const researchSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(['metric', 'bearing', 'battery', 'card', 'bit', 'board', 'magnet', 'belt']),
  dimensions: z.record(z.string(), z.union([z.number(), z.string()])),
  source: z.string(),
})

/**
 * The intent every step reads. `family` names what is built: one of the object library's families, or a primitive
 * (then `object` and `shape` say which, as before). `params` are the family's parameters with units and where each came from.
 */
export const intentSchema = primitiveIntentSchema.extend({
  object: z.string().min(1),
  shape: shapeSchema.nullable(),
  family: z.string().min(1),
  title: z.string(),
  params: z.record(z.string(), paramSchema),
  /** Defaults taken, clearances applied, words read another way: everything the reader decided. */
  notes: z.array(z.string()),
  /** Standard parts the request named, with the catalogue's dimensions and their source. */
  research: z.array(researchSchema),
  fit: z.strictObject({ clearanceMm: z.number().min(0).max(2), holeCompensationMm: z.number().min(0).max(1) }),
  slicer: z.strictObject({ spiralVase: z.boolean() }),
})
export type Intent = z.infer<typeof intentSchema>
