// Measures how deeply a JSON text nests, without parsing it, so a 5,000-deep body is refused before any code recurses.

/** The largest nesting any printgate route accepts (job metadata, console bodies, slicer commands). */
export const MAX_JSON_DEPTH = 64

/** True when `text` opens more than `max` arrays/objects inside each other (brackets inside strings do not count). */
export function jsonNestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return false
}
