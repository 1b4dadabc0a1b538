// One G-code parameter parser, read the way Marlin reads a line: no space needed, signs, decimals, any letter order.

/** One command: its word (`M104`, `G1`, `T0`) and its parameters (the last value of each letter wins). */
export interface ParsedGcode {
  word: string
  letter: 'G' | 'M' | 'T'
  code: number
  params: ReadonlyMap<string, number | null>
}

const WORD = /^(?:N\d+\s*)?([GMTgmt])\s*0*(\d+)(?:\.\d+)?/
/** A letter, optional spaces, and a signed decimal number if one follows. */
const PARAM = /([A-Za-z]) *([+-]?(?:\d+\.?\d*|\.\d+))?/y

/**
 * Parses one prepared command (no `;` comment). Letters are read case-insensitively (firmware built
 * with case-insensitive G-code accepts lower case, so a guard must too); spaces between a letter and
 * its value are skipped; a value stops at `e`/`x` as Marlin's float reader does (no exponents, no hex).
 * A letter without a number has the value null. Text after `*` (a checksum) is ignored.
 * @example parseGcode('M104S+999 T1')?.params.get('S') === 999
 */
export function parseGcode(command: string): ParsedGcode | null {
  const star = command.indexOf('*')
  const text = (star === -1 ? command : command.slice(0, star)).trim()
  const word = WORD.exec(text)
  if (!word) return null
  const letter = word[1]!.toUpperCase() as ParsedGcode['letter']
  const code = Number(word[2])
  const params = new Map<string, number | null>()
  // M117/M118 and friends carry free text, not parameters.
  if (letter === 'M' && TEXT_COMMANDS.has(code)) return { word: `${letter}${code}`, letter, code, params }
  for (let i = word[0].length; i < text.length;) {
    PARAM.lastIndex = i
    const param = PARAM.exec(text)
    if (!param) {
      i++
      continue
    }
    params.set(param[1]!.toUpperCase(), param[2] === undefined ? null : Number(param[2]))
    i = PARAM.lastIndex
  }
  return { word: `${letter}${code}`, letter, code, params }
}

const TEXT_COMMANDS = new Set([23, 28, 30, 32, 33, 117, 118, 928])

export type Heater = 'hotend' | 'bed' | 'chamber'

/** Which heater a command sets and which of its letters are targets (M104 B is Marlin's autotemp maximum). */
const HEATER_TARGETS: ReadonlyMap<string, { heater: Heater; letters: readonly string[] }> = new Map([
  ['M104', { heater: 'hotend', letters: ['S', 'R', 'B'] }],
  ['M109', { heater: 'hotend', letters: ['S', 'R', 'B'] }],
  ['M568', { heater: 'hotend', letters: ['S', 'R'] }],
  ['M140', { heater: 'bed', letters: ['S', 'R'] }],
  ['M190', { heater: 'bed', letters: ['S', 'R'] }],
  ['M141', { heater: 'chamber', letters: ['S', 'R'] }],
  ['M191', { heater: 'chamber', letters: ['S', 'R'] }],
])

export interface HeaterTarget {
  word: string
  heater: Heater
  /** The highest target the command asks for (°C). */
  celsius: number
}

/**
 * The heater target a command sets, or null when it sets none: M104/M109/M568 (hotend; `T` picks the
 * tool), M140/M190 (bed), M141/M191 (chamber), with `S`, `R` (wait-for-cooling form) or Marlin's
 * autotemp `B`; RepRapFirmware's `G10 P<tool> S R` (without `L`) is a hotend target too.
 */
export function heaterTarget(parsed: ParsedGcode | null): HeaterTarget | null {
  if (!parsed) return null
  let spec = HEATER_TARGETS.get(parsed.word)
  if (!spec && parsed.word === 'G10' && parsed.params.has('P') && !parsed.params.has('L')) spec = { heater: 'hotend', letters: ['S', 'R'] }
  if (!spec) return null
  let celsius: number | null = null
  for (const letter of spec.letters) {
    const value = parsed.params.get(letter)
    if (value !== undefined && value !== null && (celsius === null || value > celsius)) celsius = value
  }
  return celsius === null ? null : { word: parsed.word, heater: spec.heater, celsius }
}
