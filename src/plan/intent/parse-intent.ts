// Rule-based English request parser: text in, validated Intent out, or a GatewayError with suggested phrasings.

import { resolveShape, type Dimension } from './dimensions.js'
import { EXAMPLE_REQUESTS, fail } from './fail.js'
import {
  findCount,
  findInfill,
  findLayerQuality,
  findMaterial,
  findMetricSize,
  findQuality,
  findSizeWord,
  refuseUnsupportedMaterial,
  type Scan,
} from './modifiers.js'
import { blank, normalise } from './normalise.js'
import { assignRoles, findQuantities, markGroups, toMillimetres, type Quantity } from './quantities.js'
import { primitiveIntentSchema as intentSchema, MAX_DIMENSION_MM, MIN_DIMENSION_MM, type PrimitiveIntent as Intent, type ObjectName } from './schema.js'
import { SHAPE_WORDS, UNIT_FACTORS, UNSUPPORTED_OBJECTS } from './vocabulary.js'

export { EXAMPLE_REQUESTS }

export const MAX_REQUEST_LENGTH = 1000

const round = (n: number) => Math.round(n * 1000) / 1000
const fmt = (mm: number) => `${round(mm)} mm`

const MERGES: Array<[ObjectName, ObjectName, ObjectName]> = [
  ['cube', 'box', 'cube'],
  ['ring', 'washer', 'washer'],
  ['ring', 'spacer', 'spacer'],
  ['cylinder', 'rod', 'rod'],
  ['cylinder', 'disc', 'disc'],
  ['cylinder', 'tube', 'tube'],
  ['cylinder', 'pipe', 'pipe'],
  ['tube', 'pipe', 'pipe'],
  ['cylinder', 'hex_prism', 'hex_prism'],
  ['box', 'plate', 'plate'],
  ['cylinder', 'spacer', 'spacer'],
  ['disc', 'washer', 'washer'],
]

/** Purpose clauses ("for a gear", "that fits a compact space"): what the object is for, not the object. */
export const PURPOSE =
  /\b(?:for|to (?:fit|hold|go|use|put|mount|replace|support)|that (?:fits?|holds?))\b.*?(?=[,;]|\.(?!\d)|\bwith\b|\bin (?:pla|petg|abs|asa|tpu|nylon)\b|\bmade\b|$)/g

function findObject(text: string, sizeHint: string | null): ObjectName {
  const nouns = text.replace(PURPOSE, ' ')
  const unsupported = UNSUPPORTED_OBJECTS.exec(nouns)
  if (unsupported) {
    const word = unsupported[1]!
    fail(
      'INTENT_UNSUPPORTED_SHAPE',
      `"${word}" is not a shape printgate can build from words; it builds cubes, boxes, plates, cylinders, rods, discs, spheres, cones, pyramids, tori, tubes, washers, spacers and hex prisms`,
      { object: word, alternative: 'upload an STL or G-code file made in a CAD program or slicer' },
      [sizeHint ? `print a ${sizeHint} cube` : 'print a 20 mm cube', ...EXAMPLE_REQUESTS.slice(1)],
    )
  }
  let scan = nouns
  const found = new Set<ObjectName>()
  for (const { pattern, object } of SHAPE_WORDS) {
    for (const m of scan.matchAll(pattern)) {
      found.add(object)
      scan = blank(scan, m.index, m.index + m[0].length)
    }
  }
  let objects = [...found]
  for (const [a, b, keep] of MERGES) if (objects.includes(a) && objects.includes(b)) objects = objects.filter((o) => o !== a && o !== b).concat(keep)
  if (objects.length === 1) return objects[0]!
  if (objects.length > 1)
    fail(
      'INTENT_AMBIGUOUS',
      `More than one shape named: ${objects.join(', ')}; one shape per request`,
      { objects },
      objects.map((o) => `print a ${sizeHint ?? '20 mm'} ${o.replace('_', ' ')}`),
    )
  const letters = text.replace(/[^\p{L}]/gu, '')
  const foreign = letters.length > 0 && letters.replace(/[a-z]/g, '').length / letters.length > 0.15
  const english = /\b(?:print|make|create|build|need|want|please|a|an|the|with|of|me|i)\b/.test(text)
  if (foreign || !english) fail('INTENT_NOT_UNDERSTOOD', 'The request could not be understood; only English requests are supported', { language: 'en' })
  fail('INTENT_NOT_UNDERSTOOD', 'No shape printgate can build was named', {})
}

function checkRange(mm: number, text: string): void {
  if (mm === 0) fail('INTENT_INVALID_DIMENSION', `A size cannot be zero: "${text}"`, { value: text })
  if (mm < MIN_DIMENSION_MM)
    fail('INTENT_INVALID_DIMENSION', `"${text}" (${fmt(mm)}) is too small to print with a 0.4 mm nozzle`, {
      value: text,
      mm: round(mm),
      minMm: MIN_DIMENSION_MM,
    })
  if (mm > MAX_DIMENSION_MM)
    fail('INTENT_INVALID_DIMENSION', `"${text}" (${fmt(mm)}) is absurdly large for a desktop printer`, { value: text, mm: round(mm), maxMm: MAX_DIMENSION_MM })
}

function toDimensions(qs: Quantity[], assumptions: string[]): { dims: Dimension[]; unitAssumed: number } {
  const units = new Set(qs.filter((q) => q.unit).map((q) => UNIT_FACTORS[q.unit!]))
  const shared = units.size === 1 ? qs.find((q) => q.unit)!.unit! : 'mm'
  let unitAssumed = 0
  const dims = qs.map((q) => {
    if (!q.unit) {
      unitAssumed++
      assumptions.push(`no unit given for ${q.text}: ${shared === 'mm' ? 'millimetres' : shared} assumed`)
    }
    const mm = toMillimetres(q, shared)
    checkRange(mm, q.unit ? q.text : `${q.text} ${shared}`)
    return { mm: round(mm), role: q.role, weak: q.weakRole, group: q.group, text: q.unit ? q.text : `${q.text} ${shared}` }
  })
  return { dims, unitAssumed }
}

/**
 * Parses an English print request into a validated Intent.
 * @example parseIntent('print a 2 cm cube in PETG') // shape { kind: 'box', width: 20, depth: 20, height: 20 }, material 'PETG'
 * @throws GatewayError INTENT_EMPTY | INTENT_TOO_LONG | INTENT_NOT_UNDERSTOOD | INTENT_UNSUPPORTED_SHAPE | INTENT_AMBIGUOUS |
 *   INTENT_INVALID_DIMENSION | INTENT_INVALID_VALUE, each with `detail.suggestions`.
 */
export function parsePrimitive(text: string): Intent {
  const request = typeof text === 'string' ? text.trim() : ''
  if (request === '') fail('INTENT_EMPTY', 'The request is empty; describe the object to print')
  if (request.length > MAX_REQUEST_LENGTH)
    fail('INTENT_TOO_LONG', `The request is ${request.length} characters; at most ${MAX_REQUEST_LENGTH} are read`, {
      length: request.length,
      max: MAX_REQUEST_LENGTH,
    })
  const s: Scan = { text: normalise(request), assumptions: [] }
  const original = s.text
  const material = findMaterial(s)
  if (material === null) refuseUnsupportedMaterial(s.text)
  const stated = findQuality(s)
  const quality = findLayerQuality(s, stated)
  let infillPercent = findInfill(s)
  const mSize = findMetricSize(s)
  const count = findCount(s)
  let hollow = /\bhollow(?:ed)?\b/.test(s.text)
  const solid = /\bsolid\b/.test(s.text)
  if (hollow && solid) fail('INTENT_AMBIGUOUS', 'The request says both hollow and solid', {}, ['a hollow sphere 40 mm across', 'a solid 20 mm cube'])

  const angle = /\d\s*(?:°|deg(?:rees?)?\b)/.exec(s.text)
  if (angle) fail('INTENT_NOT_UNDERSTOOD', 'Angles are not understood; give sizes in mm, cm or inches', { angle: angle[0] })
  const quantities = findQuantities(s.text)
  markGroups(s.text, quantities)
  assignRoles(s.text, quantities)
  const { dims, unitAssumed } = toDimensions(quantities, s.assumptions)
  const firstSize = dims[0] ? `${dims[0].mm} mm` : null
  const object = findObject(original, firstSize)
  const wall = ['box', 'cube', 'cylinder', 'sphere', 'calibration_cube', 'plate', 'rod', 'disc'].includes(object)
    ? dims.find((d) => d.role === 'wall')
    : undefined
  const sizeWord = findSizeWord(s.text)
  const shaped = resolveShape(
    object,
    dims.filter((d) => d !== wall),
    { mSize, sizeWord },
  )
  const assumptions = [...s.assumptions, ...shaped.assumptions]
  for (const v of Object.values(shaped.shape)) if (typeof v === 'number') checkRange(v, fmt(v))

  if (wall && !hollow) {
    hollow = true
    assumptions.push(`wall thickness given: built hollow`)
  }
  if (hollow && shaped.shape.kind === 'tube') hollow = false
  let wallThickness: number | null = null
  if (hollow) {
    if (!['box', 'cylinder', 'sphere'].includes(shaped.shape.kind))
      fail(
        'INTENT_UNSUPPORTED_SHAPE',
        `A hollow ${object.replace('_', ' ')} cannot be built; hollow works for cubes, boxes, cylinders and spheres`,
        { object },
        ['a hollow sphere 40 mm across', 'a tube 30 mm outer diameter, 2 mm wall, 50 mm long'],
      )
    wallThickness = wall?.mm ?? 2
    if (!wall) assumptions.push('wall thickness not given: 2 mm assumed')
    const smallest = Math.min(...Object.values(shaped.shape).filter((v): v is number => typeof v === 'number'))
    if (2 * wallThickness >= smallest - 1)
      fail('INTENT_INVALID_DIMENSION', `Walls of ${fmt(wallThickness)} leave no room inside a part ${fmt(smallest)} across`, { wallThickness, smallest })
    if (infillPercent === null) infillPercent = 0
  }
  if (solid && infillPercent === null) {
    infillPercent = 100
    assumptions.push('solid: 100 % infill')
  }

  const confidence = Math.max(0.3, 0.95 - 0.1 * shaped.defaulted - 0.05 * unitAssumed - 0.02 * (assumptions.length - shaped.defaulted - unitAssumed))
  const intent = {
    request,
    object,
    shape: roundShape(shaped.shape),
    count,
    material,
    quality,
    infillPercent,
    hollow,
    wallThickness,
    assumptions,
    confidence: Math.round(confidence * 100) / 100,
    method: 'rules' as const,
  }
  const parsed = intentSchema.safeParse(intent)
  if (!parsed.success)
    fail(
      'INTENT_INVALID_DIMENSION',
      `The request gives sizes that cannot be built: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      { shape: intent.shape },
    )
  return parsed.data
}

function roundShape<T extends object>(shape: T): T {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T
}
