// Normalises request text (case, symbols, number words) so the parser's patterns stay simple.

import { NUMBER_WORDS } from './vocabulary.js'

const NUMBER_WORD = new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join('|')})\\b`, 'g')

export function normalise(text: string): string {
  return ` ${text} `
    .toLowerCase()
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201c\u201d\u2033]|''/g, '"')
    .replace(/[\u00d7\u2715\u2716*]/g, ' x ')
    .replace(/\b3-?d(?=\s|-)/g, ' ')
    .replace(/[\u00f8\u2300]/g, ' diameter ')
    .replace(/\bhalf an? (inch|centimet(?:er|re)|millimet(?:er|re)|lit(?:er|re))\b/g, '0.5 $1')
    .replace(/\ba (?:pair|couple) of\b/g, '2')
    .replace(/\ba dozen\b/g, '12')
    .replace(NUMBER_WORD, (w) => String(NUMBER_WORDS[w]))
    .replace(/\b(\d+) and an? half\b/g, '$1.5')
    .replace(/(\d),(\d{1,2})(?=\s*(?:mm|cm|m|in|inch|"))/g, '$1.$2')
    .replace(/(\d|\.\d)\s*(?:x|by)\s*(?=\d|\.\d)/g, '$1 x ')
    .replace(/(\d)x\b/g, '$1 x')
    .replace(/\s+/g, ' ')
}

/** Replaces a span with spaces so later patterns skip it while every index stays valid. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end)
}
