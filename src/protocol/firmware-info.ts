// Parses an M115 report into firmware name, version and its `KEY:value` fields.

// A key is an upper-case word (Smoothie adds `X-` keys) directly followed by `:`, at the start or after whitespace/comma.
const KEY = /(?:^|[\s,]+)([A-Z][A-Z0-9_-]*):/g

/**
 * `FIRMWARE_NAME:Marlin 2.1.2 (Feb 12 2023) SOURCE_CODE_URL:… PROTOCOL_VERSION:1.0 …` ->
 * name `Marlin 2.1.2 (Feb 12 2023)`, version `2.1.2`. Works for Smoothie's comma lists and RRF's
 * `KEY: value` spacing. Returns null when there is no FIRMWARE_NAME.
 */
export function parseFirmwareInfo(text: string): { name: string | null; version: string | null; fields: Record<string, string> } | null {
  const fields: Record<string, string> = {}
  const keys = [...text.matchAll(KEY)]
  keys.forEach((match, i) => {
    const key = match[1] as string
    const start = (match.index ?? 0) + match[0].length
    const end = keys[i + 1]?.index ?? text.length
    if (!(key in fields)) fields[key] = text.slice(start, end).trim().replace(/,$/, '').trim()
  })
  if (!('FIRMWARE_NAME' in fields)) return null
  const name = fields.FIRMWARE_NAME || null
  return { name, version: fields.FIRMWARE_VERSION || versionIn(name), fields }
}

/** The first dotted version in the name (`Marlin 2.1.2 (…)`, `Repetier_1.0.3`, `bugfix-2.1.x`). */
function versionIn(name: string | null): string | null {
  if (!name) return null
  const match = /(?:^|[\s_])((?:[a-z]+-)?v?\d+(?:\.[0-9x]+)+(?:[-+][\w.+-]*)?)/i.exec(name)
  return match ? (match[1] as string) : null
}
