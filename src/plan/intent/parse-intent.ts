// Rule-based English request parser: text in, validated Intent out, or a GatewayError with suggested phrasings.

import { GatewayError, type ErrorCode } from '../../core/errors.js'
import type { MaterialId, QualityId } from '../catalogue.js'
import { resolveShape, type Dimension } from './dimensions.js'
import { blank, normalise } from './normalise.js'
import { assignRoles, findQuantities, markGroups, toMillimetres, type Quantity } from './quantities.js'
import { intentSchema, MAX_DIMENSION_MM, MIN_DIMENSION_MM, type Intent, type ObjectName } from './schema.js'
import { MATERIAL_WORDS, PLURAL_SHAPE_WORD, QUALITY_WORDS, SHAPE_WORDS, SINGULAR_SHAPE_WORD, UNIT_FACTORS, UNSUPPORTED_MATERIALS, UNSUPPORTED_OBJECTS } from './vocabulary.js'

export const MAX_REQUEST_LENGTH = 1000

export const EXAMPLE_REQUESTS = [
  'print a 20 mm cube in PETG',
  'a cylinder 30 mm in diameter and 10 mm tall',
  '3 washers, 20 mm outer diameter, 8 mm hole, 2 mm thick',
  'a hollow sphere 40 mm across, fine quality',
  'a 100 x 60 x 3 mm plate with 30% infill',
]

function fail(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, suggestions = EXAMPLE_REQUESTS): never {
  throw new GatewayError(code, message, { detail: { ...extra, suggestions } })
}

const round = (n: number) => Math.round(n * 1000) / 1000
const fmt = (mm: number) => `${round(mm)} mm`

interface Scan { text: string; assumptions: string[] }

function findMaterial(s: Scan): MaterialId | null {
  const ids = new Set<MaterialId>()
  for (const { pattern, id } of MATERIAL_WORDS) {
    for (const m of s.text.matchAll(pattern)) { ids.add(id); s.text = blank(s.text, m.index, m.index + m[0].length) }
  }
  if (ids.size > 1) fail('INTENT_AMBIGUOUS', `More than one material named: ${[...ids].join(', ')}`, { materials: [...ids] }, ['name one material, e.g. "a 20 mm cube in PETG"'])
  return ids.values().next().value ?? null
}

function refuseUnsupportedMaterial(text: string): void {
  const m = UNSUPPORTED_MATERIALS.exec(text)
  if (m) fail('INTENT_INVALID_VALUE', `"${m[1]}" is not a material this printer prints; it prints PLA, PETG, ABS, ASA, TPU and nylon`, { material: m[1] }, ['a 20 mm cube in PLA', 'a 20 mm cube in PETG'])
}

function findQuality(s: Scan): QualityId | null {
  const ids = new Set<QualityId>()
  for (const { pattern, id } of QUALITY_WORDS) {
    for (const m of s.text.matchAll(pattern)) { ids.add(id); s.text = blank(s.text, m.index, m.index + m[0].length) }
  }
  if (ids.size > 1) fail('INTENT_AMBIGUOUS', `More than one quality named: ${[...ids].join(', ')}`, { qualities: [...ids] }, ['name one quality: draft, standard, fine or ultra'])
  return ids.values().next().value ?? null
}

function findLayerQuality(s: Scan, stated: QualityId | null): QualityId | null {
  const m = /\b(\d*\.?\d+)\s*(?:mm)?\s*layers?(?: height)?\b|\blayers?(?: height)?\s*(?:of|:|=|at)?\s*(\d*\.?\d+)\s*(?:mm)?/.exec(s.text)
  if (!m) return stated
  s.text = blank(s.text, m.index, m.index + m[0].length)
  const layer = Number(m[1] ?? m[2])
  if (!(layer > 0.04 && layer <= 0.4)) fail('INTENT_INVALID_VALUE', `A layer height of ${layer} mm is not printable with a 0.4 mm nozzle`, { layerHeight: layer }, ['layer heights from 0.1 to 0.3 mm, or say draft, standard, fine or ultra'])
  const table: Array<[QualityId, number]> = [['ultra', 0.1], ['fine', 0.15], ['standard', 0.2], ['draft', 0.3]]
  const nearest = table.reduce((a, b) => (Math.abs(b[1] - layer) < Math.abs(a[1] - layer) ? b : a))
  if (stated && stated !== nearest[0]) { s.assumptions.push(`${layer} mm layers ignored: "${stated}" quality was also asked for`); return stated }
  if (nearest[1] !== layer) s.assumptions.push(`${layer} mm layers: nearest quality is ${nearest[0]} (${nearest[1]} mm)`)
  return nearest[0]
}

function findInfill(s: Scan): number | null {
  let infill: number | null = null
  for (const m of s.text.matchAll(/(\d+(?:\.\d+)?)\s*(?:%|percent\b)/g)) {
    const around = s.text.slice(Math.max(0, m.index - 25), m.index + m[0].length + 25)
    if (!/\b(?:infill|fill|filled|density)\b/.test(around)) fail('INTENT_NOT_UNDERSTOOD', `Not sure what "${m[0]}" is for`, {}, ['say "30% infill"'])
    infill = Number(m[1])
    s.text = blank(s.text, m.index, m.index + m[0].length)
  }
  const bare = /\b(?:infill|fill density)\s*(?:of|:|=|at)?\s*(\d+(?:\.\d+)?)\b(?!\s*(?:mm|cm|in\b|"))/.exec(s.text)
  if (bare) { infill = Number(bare[1]); s.text = blank(s.text, bare.index, bare.index + bare[0].length) }
  if (infill !== null && !(Number.isInteger(infill) && infill >= 0 && infill <= 100)) fail('INTENT_INVALID_VALUE', `Infill must be a whole percentage from 0 to 100, not ${infill}`, { infillPercent: infill }, ['say "30% infill"'])
  return infill
}

function findMetricSize(s: Scan): number | null {
  const m = /\bm(\d+(?:\.\d)?)\b/.exec(s.text)
  if (!m) return null
  s.text = blank(s.text, m.index, m.index + m[0].length)
  return Number(m[1])
}

const COUNT_ADJECTIVES = '(?:(?:small|large|big|tiny|little|identical|same|matching|round|flat|thin|thick|hollow|solid|square|hexagonal|hex|simple|plain|more|extra)\\s+)*'

function findCount(s: Scan): number {
  let count: number | null = null
  const before = new RegExp(`\\b(\\d+)(?![\\d.])\\s*(?:x\\s+)?(?=${COUNT_ADJECTIVES}(?:\\d+(?:\\.\\d+)?\\s*(?:mm|cm|in|inch|")?\\s+${COUNT_ADJECTIVES})?(?:${PLURAL_SHAPE_WORD.source.slice(1)}))`, 'g')
  for (const m of s.text.matchAll(before)) {
    count = Number(m[1])
    s.text = blank(s.text, m.index, m.index + m[0].length)
    break
  }
  const single = new RegExp(`\\b1\\s+(?=${COUNT_ADJECTIVES}${SINGULAR_SHAPE_WORD.source})`).exec(s.text)
  if (count === null && single) {
    count = 1
    s.text = blank(s.text, single.index, single.index + single[0].length)
  }
  if (count === null) {
    const after = /([a-z]+)\s+(?:x|times)\s*(\d+)\b(?!\s*(?:mm|cm|m\b|in\b|inch|"|x\b|by\b|\.\d))/.exec(s.text)
    if (after && !(after[1]! in UNIT_FACTORS)) {
      count = Number(after[2])
      const at = after.index + after[1]!.length
      s.text = blank(s.text, at, after.index + after[0].length)
    }
  }
  if (count === null) return 1
  if (!(Number.isInteger(count) && count >= 1 && count <= 100)) fail('INTENT_INVALID_VALUE', `Can print 1 to 100 copies at once, not ${count}`, { count }, ['3 washers, 20 mm outer diameter'])
  return count
}

function findSizeWord(text: string): string | null {
  if (/\b(?:tiny|very small|mini(?:ature)?)\b/.test(text)) return 'tiny'
  if (/\b(?:large|big|huge|giant)\b/.test(text)) return 'large'
  if (/\b(?:small|little)\b/.test(text)) return 'small'
  return null
}

const MERGES: Array<[ObjectName, ObjectName, ObjectName]> = [
  ['cube', 'box', 'cube'], ['ring', 'washer', 'washer'], ['ring', 'spacer', 'spacer'], ['cylinder', 'rod', 'rod'],
  ['cylinder', 'disc', 'disc'], ['cylinder', 'tube', 'tube'], ['cylinder', 'pipe', 'pipe'], ['tube', 'pipe', 'pipe'],
  ['cylinder', 'hex_prism', 'hex_prism'], ['box', 'plate', 'plate'], ['cylinder', 'spacer', 'spacer'], ['disc', 'washer', 'washer'],
]

const PURPOSE = /\b(?:for|to (?:fit|hold|go|use|put|mount|replace|support)|that (?:fits?|holds?))\b.*?(?=[,;]|\.(?!\d)|\bwith\b|\bin (?:pla|petg|abs|asa|tpu|nylon)\b|\bmade\b|$)/g

function findObject(text: string, sizeHint: string | null): ObjectName {
  const nouns = text.replace(PURPOSE, ' ')
  const unsupported = UNSUPPORTED_OBJECTS.exec(nouns)
  if (unsupported) {
    const word = unsupported[1]!
    fail('INTENT_UNSUPPORTED_SHAPE', `"${word}" is not a shape printgate can build from words; it builds cubes, boxes, plates, cylinders, rods, discs, spheres, cones, pyramids, tori, tubes, washers, spacers and hex prisms`, { object: word, alternative: 'upload an STL or G-code file made in a CAD program or slicer' },
      [sizeHint ? `print a ${sizeHint} cube` : 'print a 20 mm cube', ...EXAMPLE_REQUESTS.slice(1)])
  }
  let scan = nouns
  const found = new Set<ObjectName>()
  for (const { pattern, object } of SHAPE_WORDS) {
    for (const m of scan.matchAll(pattern)) { found.add(object); scan = blank(scan, m.index, m.index + m[0].length) }
  }
  let objects = [...found]
  for (const [a, b, keep] of MERGES) if (objects.includes(a) && objects.includes(b)) objects = objects.filter((o) => o !== a && o !== b).concat(keep)
  if (objects.length === 1) return objects[0]!
  if (objects.length > 1) fail('INTENT_AMBIGUOUS', `More than one shape named: ${objects.join(', ')}; one shape per request`, { objects }, objects.map((o) => `print a ${sizeHint ?? '20 mm'} ${o.replace('_', ' ')}`))
  const letters = text.replace(/[^\p{L}]/gu, '')
  const foreign = letters.length > 0 && letters.replace(/[a-z]/g, '').length / letters.length > 0.15
  const english = /\b(?:print|make|create|build|need|want|please|a|an|the|with|of|me|i)\b/.test(text)
  if (foreign || !english) fail('INTENT_NOT_UNDERSTOOD', 'The request could not be understood; only English requests are supported', { language: 'en' })
  fail('INTENT_NOT_UNDERSTOOD', 'No shape printgate can build was named', {})
}

function checkRange(mm: number, text: string): void {
  if (mm === 0) fail('INTENT_INVALID_DIMENSION', `A size cannot be zero: "${text}"`, { value: text })
  if (mm < MIN_DIMENSION_MM) fail('INTENT_INVALID_DIMENSION', `"${text}" (${fmt(mm)}) is too small to print with a 0.4 mm nozzle`, { value: text, mm: round(mm), minMm: MIN_DIMENSION_MM })
  if (mm > MAX_DIMENSION_MM) fail('INTENT_INVALID_DIMENSION', `"${text}" (${fmt(mm)}) is absurdly large for a desktop printer`, { value: text, mm: round(mm), maxMm: MAX_DIMENSION_MM })
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
export function parseIntent(text: string): Intent {
  const request = typeof text === 'string' ? text.trim() : ''
  if (request === '') fail('INTENT_EMPTY', 'The request is empty; describe the object to print')
  if (request.length > MAX_REQUEST_LENGTH) fail('INTENT_TOO_LONG', `The request is ${request.length} characters; at most ${MAX_REQUEST_LENGTH} are read`, { length: request.length, max: MAX_REQUEST_LENGTH })
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
  const wall = ['box', 'cube', 'cylinder', 'sphere', 'calibration_cube', 'plate', 'rod', 'disc'].includes(object) ? dims.find((d) => d.role === 'wall') : undefined
  const sizeWord = findSizeWord(s.text)
  const shaped = resolveShape(object, dims.filter((d) => d !== wall), { mSize, sizeWord })
  const assumptions = [...s.assumptions, ...shaped.assumptions]
  for (const v of Object.values(shaped.shape)) if (typeof v === 'number') checkRange(v, fmt(v))

  if (wall && !hollow) { hollow = true; assumptions.push(`wall thickness given: built hollow`) }
  if (hollow && shaped.shape.kind === 'tube') hollow = false
  let wallThickness: number | null = null
  if (hollow) {
    if (!['box', 'cylinder', 'sphere'].includes(shaped.shape.kind)) fail('INTENT_UNSUPPORTED_SHAPE', `A hollow ${object.replace('_', ' ')} cannot be built; hollow works for cubes, boxes, cylinders and spheres`, { object }, ['a hollow sphere 40 mm across', 'a tube 30 mm outer diameter, 2 mm wall, 50 mm long'])
    wallThickness = wall?.mm ?? 2
    if (!wall) assumptions.push('wall thickness not given: 2 mm assumed')
    const smallest = Math.min(...Object.values(shaped.shape).filter((v): v is number => typeof v === 'number'))
    if (2 * wallThickness >= smallest - 1) fail('INTENT_INVALID_DIMENSION', `Walls of ${fmt(wallThickness)} leave no room inside a part ${fmt(smallest)} across`, { wallThickness, smallest })
    if (infillPercent === null) infillPercent = 0
  }
  if (solid && infillPercent === null) { infillPercent = 100; assumptions.push('solid: 100 % infill') }

  const confidence = Math.max(0.3, 0.95 - 0.1 * shaped.defaulted - 0.05 * unitAssumed - 0.02 * (assumptions.length - shaped.defaulted - unitAssumed))
  const intent = {
    request, object, shape: roundShape(shaped.shape), count, material, quality, infillPercent, hollow, wallThickness,
    assumptions, confidence: Math.round(confidence * 100) / 100, method: 'rules' as const,
  }
  const parsed = intentSchema.safeParse(intent)
  if (!parsed.success) fail('INTENT_INVALID_DIMENSION', `The request gives sizes that cannot be built: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { shape: intent.shape })
  return parsed.data
}

function roundShape<T extends object>(shape: T): T {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T
}
