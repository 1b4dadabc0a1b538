// Finds standard parts named in a request (M8, 608 bearing, AA, 18650, Raspberry Pi 4, SD card, 10x3 magnet) before numbers are read.

import { fail } from '../intent/fail.js'
import {
  batteries,
  bearings,
  boards,
  cards,
  gt2,
  hexBit,
  magnets,
  metricSizes,
  METRIC_NAMES,
  SOURCES,
  type Board,
  type Bearing,
  type Cell,
  type MetricSize,
  type ResearchEntry,
} from './index.js'

export interface StandardParts {
  metric?: { name: string; size: MetricSize; length: number | null }
  bearing?: { name: string; bearing: Bearing }
  battery?: { name: string; cell: Cell; count: number | null }
  board?: { name: string; board: Board }
  card?: { name: 'SD' | 'microSD' }
  magnet?: { name: string; diameter: number; thickness: number }
  hexBit?: true
  gt2?: true
  research: ResearchEntry[]
}

const BATTERY_NAMES: Array<[RegExp, string]> = [
  [/\b(?:aaa|lr03|micro) (?=batter|cell)|\baaa\b/g, 'AAA'],
  [/\baa\b|\blr6\b/g, 'AA'],
  [/\b18650s?\b/g, '18650'],
  [/\b21700s?\b/g, '21700'],
  [/\b14500s?\b/g, '14500'],
  [/\bcr ?2032s?\b/g, 'CR2032'],
  [/\bcr ?2025s?\b/g, 'CR2025'],
  [/\bcr ?2016s?\b/g, 'CR2016'],
  [/\blr ?44s?\b/g, 'LR44'],
  [/\b9 ?v(?:olt)?\b(?= batter|\s+block)/g, '9V'],
  [/\b(?:coin|button) cells?\b/g, 'CR2032'],
  [/\b(?:size )?c (?=batter|cells?)/g, 'C'],
  [/\b(?:size )?d (?=batter|cells?)/g, 'D'],
]

/** Rewrites `text` so named parts become tokens (std_metric, std_bearing, std_battery, std_board, std_card, std_magnet) and records them. */
export function findStandardParts(text: string): { text: string; parts: StandardParts } {
  const parts: StandardParts = { research: [] }
  let t = text
  // ISO metric sizes: M8, M8x30, "M 8"; a bolt length may follow ("M8 x 30")
  t = t.replace(/\bm ?(\d+(?:\.\d+)?)(?:\s*x\s*(\d+(?:\.\d+)?)(?!\s*x))?(?=\s|$|[,.;)])/g, (_m, d: string, len?: string) => {
    const name = `M${Number(d)}`
    const size = metricSizes[name]
    if (!size)
      fail(
        'INTENT_INVALID_DIMENSION',
        `${name} is not an ISO metric size printgate knows; the catalogue has ${METRIC_NAMES.join(', ')}`,
        { size: name, known: METRIC_NAMES },
        ['an M8 nut', 'an M6 bolt 30 mm long', 'an M4 washer'],
      )
    if (!parts.metric) {
      parts.metric = { name, size, length: len ? Number(len) : null }
      parts.research.push({ name: `${name} (ISO metric)`, kind: 'metric', dimensions: { ...size, nominal: Number(d) }, source: SOURCES.metric })
    }
    return len ? ` std_metric ${len} mm long ` : ' std_metric '
  })
  t = t.replace(
    /\b(?:(6\d{2,3}|mr\d{3}|lm\d+uu)(?:[ -]?(?:2rs|rs|zz|z|2z))?(?:\s+(?:ball\s+|skate(?:board)?\s+)?bearings?\b)|(?:bearings?\s+(?:type\s+|size\s+)?)(6\d{2,3}|mr\d{3}|lm\d+uu)\b)/g,
    (_m, a?: string, b?: string) => {
      const code = (a ?? b)!.toUpperCase()
      const bearing = bearings[code]
      if (!bearing)
        fail('INTENT_INVALID_VALUE', `The bearing ${code} is not in printgate's catalogue; it knows ${Object.keys(bearings).join(', ')}`, { bearing: code }, [
          'a spacer that fits over a 608 bearing',
          'a 10 mm spacer for a 625 bearing bore',
        ])
      if (!parts.bearing) {
        parts.bearing = { name: code, bearing }
        parts.research.push({ name: `${code} bearing`, kind: 'bearing', dimensions: { ...bearing }, source: SOURCES.bearing })
      }
      return ' std_bearing bearing '
    },
  )
  t = t.replace(
    /\braspberry ?pi ?(5|4|3|zero(?: 2)?(?: w)?|0)?(?: ?model ?b\+?| ?b\+?)?\b|\b(?:rpi|rasp?pi) ?(5|4|3|zero)?\b|\bpi ?(5|4|3|zero)\b|\barduino ?(uno|mega|nano)?\b/g,
    (m, a?: string, b?: string, c?: string, ard?: string) => {
      const v = a ?? b ?? c
      const name = m.includes('arduino')
        ? `Arduino ${ard ? ard[0]!.toUpperCase() + ard.slice(1) : 'Uno'}`
        : `Raspberry Pi ${v === undefined ? '4' : /zero|0/.test(v) ? 'Zero' : v}`
      const board = boards[name]!
      if (!parts.board) {
        parts.board = { name, board }
        parts.research.push({
          name,
          kind: 'board',
          dimensions: { width: board.width, depth: board.depth, holes: JSON.stringify(board.holes), hole: board.hole, screw: board.screw },
          source: name.startsWith('Arduino') ? SOURCES.arduino : SOURCES.pi,
        })
      }
      return ' std_board '
    },
  )
  t = t.replace(/\b(micro ?sd|tf(?= cards?)|sd)(?: ?cards?)?\b/g, (m, kind: string) => {
    const name = kind === 'sd' ? 'SD' : 'microSD'
    if (!parts.card) {
      parts.card = { name }
      parts.research.push({ name: `${name} card`, kind: 'card', dimensions: { ...cards[name]! }, source: SOURCES.card })
    }
    return m.includes('card') ? ' std_card cards ' : ' std_card '
  })
  t = t.replace(/\b(\d+(?:\.\d+)?) ?x ?(\d+(?:\.\d+)?) ?(?:mm)?(?= (?:(?:disc|round|neodymium|neo) )*magnets?\b)/g, (_m, d: string, h: string) => {
    const key = `${Number(d)}x${Number(h)}`
    const known = magnets[key]
    if (!parts.magnet) {
      parts.magnet = { name: `${key} mm disc magnet`, diameter: Number(d), thickness: Number(h) }
      parts.research.push({
        name: `${key} mm disc magnet`,
        kind: 'magnet',
        dimensions: { diameter: Number(d), thickness: Number(h), standardSize: known ? 'yes' : 'no' },
        source: SOURCES.magnet,
      })
    }
    return ' std_magnet '
  })
  for (const [pattern, name] of BATTERY_NAMES) {
    t = t.replace(pattern, (m) => {
      if (!parts.battery) {
        const cell = batteries[name]!
        parts.battery = { name, cell, count: null }
        parts.research.push({
          name: `${name} ${cell.kind === 'coin' ? 'coin cell' : 'battery'}`,
          kind: 'battery',
          dimensions: { ...cell },
          source: /^(?:18650|21700|14500)$/.test(name) ? SOURCES.lithium : SOURCES.battery,
        })
      }
      return /cells?\b/.test(m) ? ' std_battery cells ' : ' std_battery '
    })
  }
  if (/\b(?:hex|screwdriver|driver) bits?\b|\bbits\b/.test(t)) {
    parts.hexBit = true
    parts.research.push({ name: '1/4 inch hex bit', kind: 'bit', dimensions: { ...hexBit }, source: SOURCES.bit })
  }
  if (/\bgt2\b/.test(t)) {
    parts.gt2 = true
    parts.research.push({
      name: 'GT2 belt',
      kind: 'belt',
      dimensions: { pitch: gt2.pitch, toothHeight: gt2.toothHeight, pitchLineOffset: gt2.pitchLineOffset },
      source: SOURCES.gt2,
    })
    t = t.replace(/\bgt2\b/g, ' std_gt2 ')
  }
  return { text: t.replace(/\s+/g, ' '), parts }
}
