// understand(text, options): a request becomes an Intent for one of the library's families (or a primitive), or a refusal.

import { GatewayError, isGatewayError, type ErrorCode } from '../../core/errors.js'
import type { PrinterModel } from '../catalogue.js'
import { MAX_REQUEST_LENGTH } from '../intent/parse-intent.js'
import { findInfill, findLayerQuality, findMaterial, findQuality, refuseUnsupportedMaterial, type Scan } from '../intent/modifiers.js'
import { normalise } from '../intent/normalise.js'
import { fail } from '../intent/fail.js'
import { PURPOSE } from '../intent/parse-intent.js'
import { intentSchema, type Intent } from '../intent/schema.js'
import { findStandardParts } from '../research/find.js'
import { readQuantities, refuseUnreadable } from './numbers.js'
import { Reader } from './reader.js'
import { families, findFamily, lettered, VOCABULARY } from './registry.js'
import { refuseWordsWithoutFace } from './lettering.js'
import { closestSuggestions, refuseWithClosest } from './suggest.js'
import { correctAfterNumbers, correctTypos } from './typos.js'
import { SHAPE_WORDS } from '../intent/vocabulary.js'
import { completeParams } from './params.js'
import { wrapPrimitive } from './primitive.js'
import { findWords } from './words-on-object.js'
import type { BuildContext, Family } from './types.js'

export interface UnderstandOptions {
  /** Gap per side for parts that fit around or into something (the printer's setting); default 0.2 mm. */
  clearance?: number
  /** Added to hole diameters so they print at size; default 0.2 mm. */
  holeCompensation?: number
  /** When given, sizes larger than its build volume are refused here already. */
  printer?: PrinterModel
}

export type Understanding =
  { ok: true; intent: Intent } | { ok: false; code: ErrorCode; reason: string; suggestions: string[]; closest: string[]; detail?: Record<string, unknown> }

export const DEFAULT_CLEARANCE_MM = 0.2
export const DEFAULT_HOLE_COMPENSATION_MM = 0.2

export function buildContext(o: UnderstandOptions = {}): BuildContext {
  return { clearance: o.clearance ?? DEFAULT_CLEARANCE_MM, holeCompensation: o.holeCompensation ?? DEFAULT_HOLE_COMPENSATION_MM }
}

/** Never throws for a bad request: a refusal carries the reason, the closest families and phrasings that work. */
export function understand(text: string, options: UnderstandOptions = {}): Understanding {
  try {
    return { ok: true, intent: parseRequest(text, options) }
  } catch (e) {
    if (!isGatewayError(e)) throw e
    const detail = (e.detail ?? {}) as Record<string, unknown>
    const suggestions = Array.isArray(detail.suggestions) ? (detail.suggestions as string[]) : []
    const closest = Array.isArray(detail.closest) ? (detail.closest as string[]) : []
    return { ok: false, code: e.code, reason: e.message, suggestions, closest, detail }
  }
}

/**
 * The same as understand() but throws the GatewayError (the research step's contract; `detail.suggestions` lists phrasings).
 * @throws GatewayError INTENT_* with detail.suggestions and detail.closest
 */
export function parseRequest(input: string, options: UnderstandOptions = {}): Intent {
  const request = typeof input === 'string' ? input.trim() : ''
  if (request === '')
    fail(
      'INTENT_EMPTY',
      'The request is empty; describe the object to print',
      {},
      families.slice(0, 5).map((f) => f.examples[0]!),
    )
  if (request.length > MAX_REQUEST_LENGTH)
    fail('INTENT_TOO_LONG', `The request is ${request.length} characters; at most ${MAX_REQUEST_LENGTH} are read`, {
      length: request.length,
      max: MAX_REQUEST_LENGTH,
    })
  const ctx = buildContext(options)
  const notes: string[] = []
  const said = findWords(request)
  const withoutWords = said ? request.slice(0, said.start) + ' '.repeat(said.end - said.start) + request.slice(said.end) : request
  const normal = normalise(withoutWords)
  const corrected = correctAfterNumbers(findFamily(normal) || namesPrimitive(normal) ? normal : correctTypos(normal, VOCABULARY, notes), notes)
  const { text: t, parts } = findStandardParts(corrected)
  refuseUnreadable(t)
  refuseTemperature(t, options.printer)
  const s: Scan = { text: t, assumptions: [] }
  const material = findMaterial(s)
  if (material === null) refuseUnsupportedMaterial(s.text)
  const quality = findLayerQuality(s, findQuality(s))
  const infillPercent = findInfill(s)
  const quantities = readQuantities(s.text)
  refuseAbsurd(quantities.filter((q) => q.kind === 'length').map((q) => ({ mm: q.base, text: q.text })))
  const match = pickFamily(findFamily(s.text.replace(PURPOSE, (m) => ' '.repeat(m.length))), findFamily(s.text))
  if (!match || namedOnlyAsPurpose(s.text, match)) return wrapPrimitive(request, ctx, notes, parts.research)
  const { family, index } = match
  const text = s.text
  refuseTwoObjects(text, match)
  if (said && !family.params.text) refuseWordsWithoutFace(family, said.words, lettered)
  const count = findCopies(text, index, quantities)
  const reader = new Reader(text, quantities, parts, said?.words ?? null, ctx.clearance)
  const read = family.read(reader)
  for (const q of reader.unused()) if (q.kind !== 'bare' || q.value !== 1) notes.push(`"${q.text}" was not used: ${family.title} has no parameter it fits`)
  const { params, values } = completeParams(family, read, notes, ctx)
  const research = parts.research.filter((r) => r.kind !== 'bit' || family.id === 'bit_holder')
  const reason = family.resolve?.(values, notes, research) ?? null
  if (reason) fail('INTENT_INVALID_VALUE', reason, { family: family.id }, family.examples)
  refuseTooLarge(family, values, ctx, options.printer)
  const defaulted = Object.values(params).filter((p) => p.source === 'default').length
  const intent = {
    request,
    object: family.id,
    shape: null,
    family: family.id,
    title: family.title,
    params,
    count,
    material,
    quality,
    infillPercent,
    hollow: false,
    wallThickness: null,
    notes: [...s.assumptions, ...notes],
    assumptions: [...s.assumptions, ...notes],
    research,
    fit: { clearanceMm: ctx.clearance, holeCompensationMm: ctx.holeCompensation },
    slicer: { spiralVase: family.spiralVase === true },
    confidence: Math.round(Math.max(0.3, 0.95 - 0.03 * defaulted - 0.05 * notes.filter((n) => n.includes('not used')).length) * 100) / 100,
    method: 'rules' as const,
  }
  const parsed = intentSchema.safeParse(intent)
  if (!parsed.success)
    throw new GatewayError('INTENT_INVALID_VALUE', `The intent is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

/** A primitive shape word anywhere in the text (outside purpose clauses such as "for a cube"). */
function namesPrimitive(text: string): string | null {
  const nouns = text.replace(PURPOSE, ' ')
  for (const { pattern } of SHAPE_WORDS) {
    const m = new RegExp(pattern.source).exec(nouns)
    if (m) return m[0]
  }
  return null
}

/** "a washer for an M4 bolt": the family is only the purpose, and a primitive is the object. */
function namedOnlyAsPurpose(text: string, match: { index: number; length: number }): boolean {
  const nouns = text.replace(PURPOSE, (m) => ' '.repeat(m.length))
  const inside = nouns.slice(match.index, match.index + match.length).trim() === ''
  return inside && namesPrimitive(nouns) !== null
}

/** "a small cube gear": two different objects named; the library builds one object per request. */
function refuseTwoObjects(text: string, match: { family: Family; index: number; length: number }): void {
  const outside = text.slice(0, match.index) + ' '.repeat(match.length) + text.slice(match.index + match.length)
  const other = namesPrimitive(outside)
  if (!other || match.family.keywords.some((k) => other.startsWith(k))) return
  fail(
    'INTENT_AMBIGUOUS',
    `The request names both a ${other} and a ${match.family.title.toLowerCase()}; printgate builds one object per request`,
    { objects: [other, match.family.id], closest: [match.family.id] },
    [`print a 20 mm ${other.replace(/s$/, '')}`, ...match.family.examples.slice(0, 2)],
  )
}

/** "3 cable clips", "cable clip x3", "4 copies": copies of the whole object. */
function findCopies(text: string, familyAt: number, qs: ReturnType<typeof readQuantities>): number {
  const before = qs.find(
    (q) =>
      q.kind === 'bare' &&
      q.end <= familyAt &&
      /^\s*(?:(?:small|large|big|little|identical|matching|simple|plain|more|extra|round|square|short|long|flat|wall|cable|drawer|name|spur)\s+)*$/.test(
        text.slice(q.end, familyAt),
      ) &&
      !/\b(?:of|for)\s*$/.test(text.slice(0, q.index)),
  )
  const after = qs.find(
    (q) =>
      q.kind === 'bare' &&
      (/^\s*(?:copies|times|pieces|pcs|of them)\b/.test(text.slice(q.end)) ||
        (/\bx\s*$/.test(text.slice(Math.max(0, q.index - 3), q.index)) && !/\d\s*x\s*$/.test(text.slice(0, q.index)))),
  )
  const q = before ?? after
  if (!q) return 1
  q.used = true
  if (!(Number.isInteger(q.value) && q.value >= 1 && q.value <= 100))
    fail('INTENT_INVALID_VALUE', `Can print 1 to 100 copies at once, not ${q.text}`, { count: q.value })
  return q.value
}

function refuseAbsurd(lengths: Array<{ mm: number; text: string }>): void {
  for (const l of lengths) {
    if (l.mm > 1000)
      fail('INTENT_INVALID_DIMENSION', `"${l.text}" (${Number(l.mm.toPrecision(3))} mm) is absurdly large for a desktop printer`, {
        value: l.text,
        mm: l.mm,
        maxMm: 1000,
      })
    if (l.mm === 0) fail('INTENT_INVALID_DIMENSION', `A size cannot be zero: "${l.text}"`, { value: l.text })
  }
}

/** "at 500 degrees": a temperature, refused when the hot end cannot reach it; never read as an angle or a size. */
function refuseTemperature(text: string, printer?: PrinterModel): void {
  const m =
    /\b(\d+(?:\.\d+)?)\s*(?:°\s*c\b|deg(?:rees?)?\s*c(?:elsius)?\b|celsius\b)/.exec(text) ??
    /\b(?:nozzle|hotend|hot end|temperature)(?: of| at)?\s*(\d+(?:\.\d+)?)\s*(?:°|deg(?:rees?)?)?/.exec(text) ??
    /\b(\d+(?:\.\d+)?)\s*(?:°|deg(?:rees?)?)(?![a-z])/.exec(text)
  if (m && !/c\b|celsius|nozzle|hotend|hot end|temperature/.test(m[0]) && Number(m[1]) <= 180) return
  if (!m) return
  const c = Number(m[1])
  const max = printer?.temperatureLimits.hotendMax ?? 260
  if (c > max)
    fail(
      'INTENT_INVALID_VALUE',
      `${c} °C is hotter than the printer's hot end allows (${max} °C); temperatures come from the material profile`,
      { temperatureC: c, maxC: max },
      ['a 20 mm cube in PETG', 'a 20 mm cube in ABS'],
    )
  fail('INTENT_INVALID_VALUE', `Temperatures are set by the material profile; name the material instead of ${c} °C`, { temperatureC: c }, [
    'a 20 mm cube in PETG',
    'a 20 mm cube in PLA',
  ])
}

export function refuseTooLarge(family: Family, values: Record<string, number | string>, ctx: BuildContext, printer?: PrinterModel): void {
  const size = family.expect(values, ctx).size
  const bed = printer?.buildVolume ?? { x: 1000, y: 1000, z: 1000 }
  const [x, y, z] = size
  const fits = (a: number | null, b: number | null) => (a ?? 0) <= bed.x - 10 && (b ?? 0) <= bed.y - 10
  if (z > bed.z || !(fits(x, y) || fits(y, x))) {
    fail(
      'MODEL_TOO_LARGE',
      `${family.title} of ${size.map((v) => (v === null ? '?' : Math.round(v))).join(' × ')} mm is larger than the ${printer?.id ?? 'printer'} can print (${bed.x} × ${bed.y} × ${bed.z} mm)`,
      { size, bed },
      family.examples,
    )
  }
}

export { closestSuggestions, refuseWithClosest }

type FamilyMatch = ReturnType<typeof findFamily>
/** The name outside purpose clauses, unless the whole text's name contains it and runs on ("a knob for a drawer" is a drawer knob). */
function pickFamily(outside: FamilyMatch, whole: FamilyMatch): FamilyMatch {
  if (!outside || !whole) return outside ?? whole
  const covers = whole.index <= outside.index && whole.index + whole.length > outside.index + outside.length
  return covers ? whole : outside
}
