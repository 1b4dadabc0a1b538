// Reads every number in a request whole, with its unit, or refuses it: 1e308, "2,5" and 1/2" are never truncated.

import { fail } from '../intent/fail.js'

export type QuantityKind = 'length' | 'volume' | 'angle' | 'percent' | 'bare'

export interface Quantity {
  index: number
  end: number
  text: string
  value: number
  kind: QuantityKind
  /** Millimetres for lengths, millilitres for volumes, degrees, percent, or the bare number. */
  base: number
  unit: string | null
  /** Quantities written as "A x B x C" share a group number. */
  group: number | null
  used: boolean
}

const LENGTH: Record<string, number> = {
  mm: 1,
  millimeter: 1,
  millimetre: 1,
  millimeters: 1,
  millimetres: 1,
  cm: 10,
  centimeter: 10,
  centimetre: 10,
  centimeters: 10,
  centimetres: 10,
  m: 1000,
  meter: 1000,
  metre: 1000,
  meters: 1000,
  metres: 1000,
  in: 25.4,
  inch: 25.4,
  inches: 25.4,
  '"': 25.4,
  ft: 304.8,
  foot: 304.8,
  feet: 304.8,
  km: 1e6,
  mile: 1609344,
  miles: 1609344,
  um: 0.001,
  micron: 0.001,
  microns: 0.001,
}
const VOLUME: Record<string, number> = {
  ml: 1,
  milliliter: 1,
  millilitre: 1,
  milliliters: 1,
  millilitres: 1,
  cl: 10,
  dl: 100,
  l: 1000,
  liter: 1000,
  litre: 1000,
  liters: 1000,
  litres: 1000,
  'fl oz': 29.574,
  oz: 29.574,
  ounce: 29.574,
  ounces: 29.574,
  cc: 1,
  cup: 240,
  cups: 240,
}
const ANGLE = new Set(['°', 'deg', 'degree', 'degrees'])
const PERCENT = new Set(['%', 'percent', 'per cent'])
const UNITS = [...Object.keys(LENGTH), ...Object.keys(VOLUME), ...ANGLE, ...PERCENT].sort((a, b) => b.length - a.length)
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** "in" is a unit only when it is not the start of "in PLA", "in the …" and the like. */
const UNIT_RE = new RegExp(
  `^\\s*(${UNITS.map(esc).join('|')})(?![a-z0-9])(?<!\\bin(?=\\s+(?:pla|petg|abs|asa|tpu|nylon|the|a|an|my|red|blue|black|white|green|grey|gray|yellow|orange|draft|fine|standard|ultra)\\b))`,
)
const NUMBER = /(?<![\w.,/-])(?:(\d+)[ -](\d+)\/(\d+)|(\d+)\/(\d+)|(\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+))(?!\d|\/|[.,]\d|[a-z_]*\d)/g

/** "1,000" becomes "1000 " (same length, so indexes stay valid). */
function withoutThousandsCommas(text: string): string {
  return text.replace(/\b\d{1,3}(?:,\d{3})+(?![\d,])/g, (m) => m.replace(/,/g, '') + ' '.repeat(m.split(',').length - 1))
}

/** Refuses numbers that cannot be read whole; runs on normalised text (comma decimals before a unit are already points). */
export function refuseUnreadable(text: string): void {
  const comma = /(?<![\w.])\d+,\d+(?:,\d+)*(?![\w.])/.exec(withoutThousandsCommas(text))
  if (comma)
    fail(
      'INTENT_INVALID_VALUE',
      `"${comma[0]}" can be read as a decimal or as two numbers; write ${comma[0].replace(',', '.')} or separate the numbers with "and"`,
      { value: comma[0] },
      [`a ${comma[0].replace(',', '.')} cm cube`],
    )
  const dotted = /\d+\.\d+\.\d+/.exec(text)
  if (dotted) fail('INTENT_INVALID_VALUE', `"${dotted[0]}" is not a number`, { value: dotted[0] })
  const negative = /(?:^|\s)-\s?\d/.exec(text)
  if (negative) fail('INTENT_INVALID_DIMENSION', 'Sizes cannot be negative', { value: negative[0].trim() })
  const zeroFraction = /\b\d+\/0\b/.exec(text)
  if (zeroFraction) fail('INTENT_INVALID_VALUE', `"${zeroFraction[0]}" divides by zero`, { value: zeroFraction[0] })
}

/** Every number with its unit; "A x B x C unit" groups share the unit written last. */
export function readQuantities(text: string): Quantity[] {
  const plain = withoutThousandsCommas(text)
  const out: Quantity[] = []
  for (const m of plain.matchAll(NUMBER)) {
    const value = m[1] ? Number(m[1]) + Number(m[2]) / Number(m[3]) : m[4] ? Number(m[4]) / Number(m[5]) : Number(m[6])
    if (!Number.isFinite(value)) fail('INTENT_INVALID_DIMENSION', `"${m[0]}" is too large to be a size`, { value: m[0] })
    const after = plain.slice(m.index + m[0].length)
    const unitMatch = UNIT_RE.exec(after)
    const unit = unitMatch ? unitMatch[1]! : null
    const end = m.index + m[0].length + (unitMatch ? unitMatch[0].length : 0)
    out.push({ index: m.index, end, text: plain.slice(m.index, end).trim(), value, unit, group: null, used: false, ...classify(value, unit) })
  }
  out.sort((a, b) => a.index - b.index)
  groupDimensions(text, out)
  return out
}

function classify(value: number, unit: string | null): { kind: QuantityKind; base: number } {
  if (unit === null) return { kind: 'bare', base: value }
  if (unit in LENGTH) return { kind: 'length', base: value * LENGTH[unit]! }
  if (unit in VOLUME) return { kind: 'volume', base: value * VOLUME[unit]! }
  if (ANGLE.has(unit)) return { kind: 'angle', base: value }
  return { kind: 'percent', base: value }
}

function groupDimensions(text: string, qs: Quantity[]): void {
  let group = 0
  for (let i = 0; i + 1 < qs.length; i++) {
    const between = text.slice(qs[i]!.end, qs[i + 1]!.index)
    if (!/^\s*(?:x|by)\s*$/.test(between)) continue
    const a = qs[i]!,
      b = qs[i + 1]!
    if (a.group === null) a.group = ++group
    b.group = a.group
  }
  for (let g = 1; g <= group; g++) {
    const members = qs.filter((q) => q.group === g)
    const unit = [...members].reverse().find((q) => q.unit !== null)?.unit ?? null
    for (const q of members) if (q.unit === null && unit !== null) Object.assign(q, { unit }, classify(q.value, unit))
  }
}
