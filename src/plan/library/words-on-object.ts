// Finds the text a request wants written on the object ("that says ANNA", "with the text 'Hello'"), case kept.

const CUE = /\b(?:that says|which says|saying|says|that reads|reading|reads|with the (?:text|words?|name|letters?)|with (?:text|words?|letters)|text|engraved with|embossed with|with my name|for the name|named|with the name)\s*[:=]?\s*/i
const QUOTED = /^(?:"([^"]{1,60})"|'([^']{1,60})'|“([^”]{1,60})”|‘([^’]{1,60})’)/
const STOP = /\s*(?:,|;|\.(?:\s|$)|!|\?|$|\s+(?:in|on|at|with|and|using|size|sized|made|printed|\d+(?:\.\d+)?\s*(?:mm|cm|in|inch|inches|")\b|\d+(?:\.\d+)?\s*(?:mm|cm)\b))/i

/** The words and the span they occupy in `request`, or null. */
export function findWords(request: string): { words: string; start: number; end: number } | null {
  const cue = CUE.exec(request)
  if (!cue) {
    const bare = /(?:^|\s)(?:"([^"]{1,60})"|“([^”]{1,60})”)/.exec(request)
    if (!bare) return null
    const words = (bare[1] ?? bare[2])!.trim()
    return words ? { words, start: bare.index, end: bare.index + bare[0].length } : null
  }
  const start = cue.index
  const rest = request.slice(cue.index + cue[0].length)
  const quoted = QUOTED.exec(rest)
  if (quoted) {
    const words = (quoted[1] ?? quoted[2] ?? quoted[3] ?? quoted[4])!.trim()
    return words ? { words, start, end: cue.index + cue[0].length + quoted[0].length } : null
  }
  const stop = STOP.exec(rest)
  const words = rest.slice(0, stop ? stop.index : rest.length).trim()
  if (!words || words.length > 60) return null
  return { words, start, end: cue.index + cue[0].length + words.length }
}
