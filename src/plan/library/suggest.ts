// The closest families to a request the library cannot build, with phrasings that work.

import { fail } from '../intent/fail.js'
import type { ErrorCode } from '../../core/errors.js'
import { editDistance } from './typos.js'
import type { Family } from './types.js'

/** Families ranked by how many of the request's words are (close to) their keywords; the 3 best, or a broad sample. */
export function closestSuggestions(text: string, all: readonly Family[]): { closest: string[]; suggestions: string[] } {
  const words = [...new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? [])].slice(0, 60)
  const scored = all
    .map((f) => {
      let score = 0
      for (const w of words)
        for (const k of f.keywords) {
          if (w === k || w === `${k}s` || `${w}s` === k) score += 2
          else if (w.length >= 4 && k.length >= 4 && editDistance(w, k, 2) <= 2) score += 1
        }
      return { f, score }
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
  const picked = (scored.length > 0 ? scored.map((x) => x.f) : [...all].filter((_, i) => i % Math.max(1, Math.floor(all.length / 4)) === 0)).slice(0, 3)
  return {
    closest: picked.map((f) => f.id),
    suggestions: picked
      .flatMap((f) => f.examples.slice(0, 2))
      .concat('print a 20 mm cube')
      .slice(0, 6),
  }
}

export function refuseWithClosest(code: ErrorCode, message: string, text: string, all: readonly Family[], extra: Record<string, unknown> = {}): never {
  const { closest, suggestions } = closestSuggestions(text, all)
  fail(code, message, { ...extra, closest }, suggestions)
}
