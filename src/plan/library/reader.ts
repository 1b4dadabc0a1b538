// What a family's read() works with: the request's quantities, named standard parts and words, with cue-based lookups.

import type { StandardParts } from '../research/find.js'
import type { Quantity } from './numbers.js'
import type { ReadValue } from './types.js'

const FILLER = String.raw`(?:\s+(?:of|is|=|:|about|around|roughly|approx(?:imately)?|at|to|with|a|an))*\s*`

export class Reader {
  constructor(
    /** Normalised request: lower case, number words as digits, standard parts as std_* tokens. */
    readonly text: string,
    readonly quantities: Quantity[],
    readonly parts: StandardParts,
    /** Text the request asks to be written on the object ("that says ANNA"), case kept. */
    readonly words: string | null,
    /** Fit clearance per side for parts that go around or into something named. */
    readonly clearance = 0.2,
  ) {}

  /** A catalogue size that something must fit around (+ clearance) or into (− clearance), noted. */
  fit(mm: number, what: string, direction: 'around' | 'into'): ReadValue {
    const v = round(direction === 'around' ? mm + 2 * this.clearance : mm - 2 * this.clearance)
    return {
      value: v,
      source: 'catalogue',
      note: `${what} ${mm} mm (catalogue) ${direction === 'around' ? '+' : '−'} ${this.clearance} mm fit clearance each side = ${v} mm`,
    }
  }

  has(pattern: RegExp): boolean {
    return pattern.test(this.text)
  }

  private take(q: Quantity, note?: string): ReadValue {
    q.used = true
    return { value: q.kind === 'bare' ? q.value : round(q.base), source: 'asked', ...(note ? { note } : {}) }
  }

  /** A length written next to a cue: "6 mm cable", "20 mm wide", "bore of 8 mm", "walls 2 mm", "2 mm walls". */
  length(cue: RegExp, o: { bare?: boolean } = {}): ReadValue | undefined {
    const ok = (q: Quantity) => !q.used && (q.kind === 'length' || (o.bare === true && q.kind === 'bare'))
    const cueAt = [...this.text.matchAll(new RegExp(cue.source, 'g'))]
    for (const c of cueAt) {
      const q = this.quantities.find(
        (x) =>
          ok(x) &&
          x.end <= c.index &&
          new RegExp(`^\\s*(?:[a-z]+\\s+){0,2}$`).test(this.text.slice(x.end, c.index)) &&
          !/\b(?:and|x|by)\b/.test(this.text.slice(x.end, c.index)),
      )
      if (q) return this.take(q)
    }
    for (const c of cueAt) {
      const q = this.quantities.find(
        (x) => ok(x) && x.index >= c.index + c[0].length && new RegExp(`^${FILLER}$`).test(this.text.slice(c.index + c[0].length, x.index)),
      )
      if (q) return this.take(q)
    }
    return undefined
  }

  /** A whole number right before a noun ("20 teeth", "4 compartments") or after it ("teeth: 20"). */
  count(noun: RegExp): ReadValue | undefined {
    for (const c of this.text.matchAll(new RegExp(noun.source, 'g'))) {
      const q =
        this.quantities.find(
          (x) =>
            !x.used &&
            x.kind === 'bare' &&
            x.end <= c.index &&
            /^\s*(?:[a-z_]+\s+){0,2}$/.test(this.text.slice(x.end, c.index)) &&
            !/\b(?:and|with|x|by|for)\b/.test(this.text.slice(x.end, c.index)),
        ) ??
        this.quantities.find(
          (x) =>
            !x.used && x.kind === 'bare' && x.index >= c.index + c[0].length && new RegExp(`^${FILLER}$`).test(this.text.slice(c.index + c[0].length, x.index)),
        )
      if (q) return this.take(q)
    }
    return undefined
  }

  /** A volume ("that holds 250 ml", "1 litre"). */
  volume(): ReadValue | undefined {
    const q = this.quantities.find((x) => !x.used && x.kind === 'volume')
    return q ? this.take(q) : undefined
  }

  angle(cue?: RegExp): ReadValue | undefined {
    const q = this.quantities.find((x) => !x.used && x.kind === 'angle' && (!cue || cue.test(this.text.slice(Math.max(0, x.index - 30), x.end + 30))))
    return q ? this.take(q) : undefined
  }

  /** The lengths of an "A x B (x C)" group, in order. */
  dims(): ReadValue[] {
    const q = this.quantities.find((x) => !x.used && x.group !== null && (x.kind === 'length' || x.kind === 'bare'))
    if (!q) return []
    return this.quantities
      .filter((x) => x.group === q.group && (x.kind === 'length' || x.kind === 'bare'))
      .map((x) => (x.kind === 'bare' ? { ...this.take(x), note: `no unit given for ${x.text}: millimetres assumed` } : this.take(x)))
  }

  /** Remaining lengths (unitless numbers count as millimetres, noted), in the order written. */
  rest(): ReadValue[] {
    return this.quantities
      .filter(
        (x) => !x.used && (x.kind === 'length' || (x.kind === 'bare' && x.value !== 1 && !/^\s*(?:x\b|times|copies|pieces|of)/.test(this.text.slice(x.end)))),
      )
      .map((x) => (x.kind === 'bare' ? { ...this.take(x), value: x.value, note: `no unit given for ${x.text}: millimetres assumed` } : this.take(x)))
  }

  /** Unused quantities a family did not read (so the caller can refuse rather than ignore them). */
  unused(): Quantity[] {
    return this.quantities.filter((x) => !x.used)
  }
}

export const round = (n: number) => Math.round(n * 1000) / 1000

/** A value from the catalogue, with the standard part named. */
export const fromCatalogue = (value: number, note: string): ReadValue => ({ value: round(value), source: 'catalogue', note })
export const asked = (value: number | string): ReadValue => ({ value, source: 'asked' })
