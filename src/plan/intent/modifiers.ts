// Finds the request's modifiers (material, quality, layer height, infill, screw size, count, size word) and blanks them out.

import type { MaterialId, QualityId } from '../catalogue.js'
import { fail } from './fail.js'
import { blank } from './normalise.js'
import { MATERIAL_WORDS, PLURAL_SHAPE_WORD, QUALITY_WORDS, SINGULAR_SHAPE_WORD, UNIT_FACTORS, UNSUPPORTED_MATERIALS } from './vocabulary.js'

/** The request text being consumed (found spans are blanked) and the assumptions made so far. */
export interface Scan {
  text: string
  assumptions: string[]
}

export function findMaterial(s: Scan): MaterialId | null {
  const ids = new Set<MaterialId>()
  for (const { pattern, id } of MATERIAL_WORDS) {
    for (const m of s.text.matchAll(pattern)) {
      ids.add(id)
      s.text = blank(s.text, m.index, m.index + m[0].length)
    }
  }
  if (ids.size > 1)
    fail('INTENT_AMBIGUOUS', `More than one material named: ${[...ids].join(', ')}`, { materials: [...ids] }, [
      'name one material, e.g. "a 20 mm cube in PETG"',
    ])
  return ids.values().next().value ?? null
}

export function refuseUnsupportedMaterial(text: string): void {
  const m = UNSUPPORTED_MATERIALS.exec(text)
  if (m)
    fail('INTENT_INVALID_VALUE', `"${m[1]}" is not a material this printer prints; it prints PLA, PETG, ABS, ASA, TPU and nylon`, { material: m[1] }, [
      'a 20 mm cube in PLA',
      'a 20 mm cube in PETG',
    ])
}

export function findQuality(s: Scan): QualityId | null {
  const ids = new Set<QualityId>()
  for (const { pattern, id } of QUALITY_WORDS) {
    for (const m of s.text.matchAll(pattern)) {
      ids.add(id)
      s.text = blank(s.text, m.index, m.index + m[0].length)
    }
  }
  if (ids.size > 1)
    fail('INTENT_AMBIGUOUS', `More than one quality named: ${[...ids].join(', ')}`, { qualities: [...ids] }, [
      'name one quality: draft, standard, fine or ultra',
    ])
  return ids.values().next().value ?? null
}

export function findLayerQuality(s: Scan, stated: QualityId | null): QualityId | null {
  const m = /\b(\d*\.?\d+)\s*(?:mm)?\s*layers?(?: height)?\b|\blayers?(?: height)?\s*(?:of|:|=|at)?\s*(\d*\.?\d+)\s*(?:mm)?/.exec(s.text)
  if (!m) return stated
  s.text = blank(s.text, m.index, m.index + m[0].length)
  const layer = Number(m[1] ?? m[2])
  if (!(layer > 0.04 && layer <= 0.4))
    fail('INTENT_INVALID_VALUE', `A layer height of ${layer} mm is not printable with a 0.4 mm nozzle`, { layerHeight: layer }, [
      'layer heights from 0.1 to 0.3 mm, or say draft, standard, fine or ultra',
    ])
  const table: Array<[QualityId, number]> = [
    ['ultra', 0.1],
    ['fine', 0.15],
    ['standard', 0.2],
    ['draft', 0.3],
  ]
  const nearest = table.reduce((a, b) => (Math.abs(b[1] - layer) < Math.abs(a[1] - layer) ? b : a))
  if (stated && stated !== nearest[0]) {
    s.assumptions.push(`${layer} mm layers ignored: "${stated}" quality was also asked for`)
    return stated
  }
  if (nearest[1] !== layer) s.assumptions.push(`${layer} mm layers: nearest quality is ${nearest[0]} (${nearest[1]} mm)`)
  return nearest[0]
}

export function findInfill(s: Scan): number | null {
  let infill: number | null = null
  for (const m of s.text.matchAll(/(\d+(?:\.\d+)?)\s*(?:%|percent\b)/g)) {
    const around = s.text.slice(Math.max(0, m.index - 25), m.index + m[0].length + 25)
    if (!/\b(?:infill|fill|filled|density)\b/.test(around)) fail('INTENT_NOT_UNDERSTOOD', `Not sure what "${m[0]}" is for`, {}, ['say "30% infill"'])
    infill = Number(m[1])
    s.text = blank(s.text, m.index, m.index + m[0].length)
  }
  const bare = /\b(?:infill|fill density)\s*(?:of|:|=|at)?\s*(\d+(?:\.\d+)?)\b(?!\s*(?:mm|cm|in\b|"))/.exec(s.text)
  if (bare) {
    infill = Number(bare[1])
    s.text = blank(s.text, bare.index, bare.index + bare[0].length)
  }
  if (infill !== null && !(Number.isInteger(infill) && infill >= 0 && infill <= 100))
    fail('INTENT_INVALID_VALUE', `Infill must be a whole percentage from 0 to 100, not ${infill}`, { infillPercent: infill }, ['say "30% infill"'])
  return infill
}

export function findMetricSize(s: Scan): number | null {
  const m = /\bm(\d+(?:\.\d)?)\b/.exec(s.text)
  if (!m) return null
  s.text = blank(s.text, m.index, m.index + m[0].length)
  return Number(m[1])
}

const COUNT_ADJECTIVES =
  '(?:(?:small|large|big|tiny|little|identical|same|matching|round|flat|thin|thick|hollow|solid|square|hexagonal|hex|simple|plain|more|extra)\\s+)*'

export function findCount(s: Scan): number {
  let count: number | null = null
  const before = new RegExp(
    `\\b(\\d+)(?![\\d.])\\s*(?:x\\s+)?(?=${COUNT_ADJECTIVES}(?:\\d+(?:\\.\\d+)?\\s*(?:mm|cm|in|inch|")?\\s+${COUNT_ADJECTIVES})?(?:${PLURAL_SHAPE_WORD.source.slice(1)}))`,
    'g',
  )
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
  if (!(Number.isInteger(count) && count >= 1 && count <= 100))
    fail('INTENT_INVALID_VALUE', `Can print 1 to 100 copies at once, not ${count}`, { count }, ['3 washers, 20 mm outer diameter'])
  return count
}

export function findSizeWord(text: string): string | null {
  if (/\b(?:tiny|very small|mini(?:ature)?)\b/.test(text)) return 'tiny'
  if (/\b(?:large|big|huge|giant)\b/.test(text)) return 'large'
  if (/\b(?:small|little)\b/.test(text)) return 'small'
  return null
}
