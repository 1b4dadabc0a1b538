// Finds the text a request wants written on the object ("that says ANNA", "with the text 'Hello'"), case kept.

const CUE =
  /\b(?:that says|which says|saying|says|that reads|reading|reads|with the (?:text|words?|name|letters?)|with (?:text|words?|letters)|text|engraved with|embossed with|with my name|for the name|named|with the name)\s*[:=]?\s*/i
const QUOTED = /^(?:"([^"]{1,60})"|'([^']{1,60})'|“([^”]{1,60})”|‘([^’]{1,60})’)/
const STOP =
  /\s*(?:,|;|\.(?:\s|$)|!|\?|$|\s+(?:in|on|at|with|and|using|size|sized|made|printed|engraved|embossed|raised|carved|debossed|written|cut into|\d+(?:\.\d+)?\s*(?:mm|cm|in|inch|inches|")\b|\d+(?:\.\d+)?\s*(?:mm|cm)\b))/i

const CAPITALS = /^[A-Z0-9][A-Z0-9&!?.'-]*(?: +[A-Z0-9&!?.'-]*[A-Z][A-Z0-9&!?.'-]*)*/

/** Capitals placed on a face: "with BITS engraved on the front", "a drawer knob with an A on top". */
const PLACED =
  /\b(?:with\s+(?:an?\s+)?)([A-Z0-9][A-Z0-9&!?.'-]*(?:\s+[A-Z0-9][A-Z0-9&!?.'-]*){0,4})\s+(?:(?:engraved|embossed|written|printed|raised|carved|cut)\s+)?(?:on|in|into|across)\s+(?:the\s+|its\s+)?(?:top|front|back|rear|left|right|sides?|lid|cover|bottom|underside|base)\b/d

/** The words and the span they occupy in `request`, or null. */
export function findWords(request: string): { words: string; start: number; end: number } | null {
  const cue = CUE.exec(request)
  if (!cue) {
    const placed = PLACED.exec(request)
    if (placed && /[A-Z]/.test(placed[1]!)) return { words: placed[1]!, start: placed.indices![1]![0], end: placed.indices![1]![1] }
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
  let words = rest.slice(0, stop ? stop.index : rest.length).trim()
  // capitals run on through words such as AND or ON ("that says PENCILS AND BRUSHES")
  const caps = CAPITALS.exec(rest)
  if (caps && !/[a-z]/.test(words) && caps[0].length > words.length) words = caps[0]
  if (!words || words.length > 60) return null
  return { words, start, end: cue.index + cue[0].length + words.length }
}
