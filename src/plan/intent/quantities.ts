// Finds the numbers in a normalised request, their units, and the cue words that say what each one measures.

import { GatewayError } from '../../core/errors.js'
import { ROLE_CUES, SHAPE_WORDS, UNIT_FACTORS, UNIT_PATTERN, type Role } from './vocabulary.js'

export interface Quantity {
  /** As written, e.g. "2cm". */
  text: string
  value: number
  unit: string | null
  start: number
  end: number
  role: Role | null
  /** The role came only from a shape noun ("2 cm cube") or a generic word like "size". */
  weakRole: boolean
  /** Index of its "a x b x c" group, if any. */
  group: number | null
}

const NUMBER = String.raw`(-\s*)?(\d+(?:\.\d+)?|\.\d+)(?:\s*\/\s*(\d+))?`
const QUANTITY = new RegExp(String.raw`(?<![\w.])${NUMBER}(?:\s*(${UNIT_PATTERN})(?![a-z0-9µ]))?`, 'g')
const NOT_INCH_AFTER = /^\s+(?:pla|petg|abs|asa|tpu|nylon|a|an|the|my|size|total|diameter|height|length|width|each|one|it)\b/

/** Finds every number with its unit (if any). Throws INTENT_INVALID_DIMENSION for negative numbers. */
export function findQuantities(text: string): Quantity[] {
  const found: Quantity[] = []
  for (const m of text.matchAll(QUANTITY)) {
    let unit = m[4] ?? null
    let end = m.index + m[0].length
    if (unit === 'in' && NOT_INCH_AFTER.test(text.slice(end))) {
      unit = null
      end = m.index + m[0].replace(/\s*in$/, '').length
    }
    const numerator = Number(m[2])
    const value = m[3] ? numerator / Number(m[3]) : numerator
    if (m[1]) {
      throw new GatewayError('INTENT_INVALID_DIMENSION', `A size cannot be negative: "${m[0].trim()}"`, {
        detail: { value: -value, suggestions: ['Give sizes as positive numbers, e.g. "a 20 mm cube"'] },
      })
    }
    found.push({ text: text.slice(m.index, end).trim(), value, unit, start: m.index, end, role: null, weakRole: false, group: null })
  }
  return found
}

export function toMillimetres(q: Quantity, fallbackUnit: string): number {
  return q.value * UNIT_FACTORS[q.unit ?? fallbackUnit]!
}

/** Marks consecutive quantities joined by "x" / "by" as one group ("2 x 3 x 4 cm"); a trailing unit applies to the whole group. */
export function markGroups(text: string, qs: Quantity[]): void {
  let group = 0
  for (let i = 1; i < qs.length; i++) {
    const gap = text.slice(qs[i - 1]!.end, qs[i]!.start)
    if (!/^\s*(?:x|by)\s*$/.test(gap)) continue
    const a = qs[i - 1]!
    if (a.group === null) a.group = group++
    qs[i]!.group = a.group
  }
  for (let g = 0; g < group; g++) {
    const members = qs.filter((q) => q.group === g)
    const unit = members[members.length - 1]!.unit
    if (unit) for (const q of members) q.unit ??= unit
  }
}

const LINKERS = /(?:\s+|^)(?:of|:|=|is|at|about|approx(?:imately)?|around|roughly|exactly|~|set to|measuring)$/

interface Cue {
  role: Role
  weak: boolean
  linked: boolean
}

function matchCue(words: string[]): Cue | null {
  const phrase = words.join(' ')
  for (const c of ROLE_CUES) if (c.pattern.test(phrase)) return { role: c.role, weak: c.role === 'side', linked: false }
  if (words.length === 1 && SHAPE_WORDS.some((s) => new RegExp(`^(?:${s.pattern.source})$`).test(phrase))) return { role: 'side', weak: true, linked: false }
  return null
}

const PUNCTUATION = /[,;!?()]|\.(?!\d)/

function words(region: string): string[] {
  return region
    .replace(/([:=~])/g, ' $1 ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
}

/** The cue at the start of the text after a number ("… mm in diameter", "… mm tall"). */
function startCue(region: string): Cue | null {
  if (/^\s*[,;.!?(]/.test(region)) return null
  let w = words(region.split(PUNCTUATION)[0]!)
  if (w[0] === 'in' || w[0] === 'of') w = w.slice(1)
  for (let n = 3; n >= 1; n--) {
    if (w.length < n) continue
    const cue = matchCue(w.slice(0, n))
    if (cue) return cue
  }
  return null
}

/** The cue at the end of the text before a number ("diameter of …", "height: …"). */
function endCue(region: string): Cue | null {
  if (/[,;.!?)]\s*$/.test(region)) return null
  let text = region.split(PUNCTUATION).pop()!.trimEnd()
  let linked = false
  for (let strip = text.replace(LINKERS, ''); strip !== text; strip = text.replace(LINKERS, '')) {
    text = strip.trimEnd()
    linked = true
  }
  const w = words(text)
  for (let n = 3; n >= 1; n--) {
    if (w.length < n) continue
    const cue = matchCue(w.slice(w.length - n))
    if (cue) return { ...cue, linked }
  }
  return null
}

/** Gives each quantity the role its neighbouring words name; a cue between two numbers goes to one of them only. */
export function assignRoles(text: string, qs: Quantity[]): void {
  const before: Array<Cue | null> = qs.map(() => null)
  const after: Array<Cue | null> = qs.map(() => null)
  for (let i = 0; i <= qs.length; i++) {
    const from = i === 0 ? 0 : qs[i - 1]!.end
    const to = i === qs.length ? text.length : qs[i]!.start
    const region = text.slice(from, to)
    const left = i > 0 ? startCue(region) : null
    const right = i < qs.length ? endCue(region) : null
    const sameWords = !PUNCTUATION.test(region) && words(region).length <= 3
    if (left && right && sameWords) {
      // One cue word between two numbers: it belongs to the later one if the earlier already has a cue before it.
      const earlierHasOwn = i - 1 >= 0 && before[i - 1] != null && !before[i - 1]!.weak
      if (earlierHasOwn) before[i] = right
      else after[i - 1] = left
      continue
    }
    if (left) after[i - 1] = left
    if (right) before[i] = right
  }
  qs.forEach((q, i) => {
    const b = before[i] ?? null
    const a = after[i] ?? null
    // A specific cue beats a generic one ("a sphere of 2.5 cm radius"); between equals, "diameter of 5" beats "5 … height".
    const pick = !b ? a : !a ? b : b.weak !== a.weak ? (b.weak ? a : b) : b.linked ? b : a
    if (pick) {
      q.role = pick.role
      q.weakRole = pick.weak
    }
  })
}
