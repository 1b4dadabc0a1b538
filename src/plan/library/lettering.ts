// Words on a flat face of any family that declares faces: raised 0.8 mm or engraved 0.6 mm, fitted, placed, measured.

import { fail } from '../intent/fail.js'
import { area, extrude, subtract3, textOutline, textSize, transforms, union3 } from './geometry.js'
import type { Reader } from './reader.js'
import type { BridgeZone, Expectation, Facing, Family, Geom2, Geom3, Lettering, Params, Part, ReadValue, TextFace, Vec3 } from './types.js'
import { num, str } from './types.js'

export const RELIEF_MM = 0.8
/** Three 0.2 mm layers, two at 0.3 mm. */
export const ENGRAVE_MM = 0.6
export const MIN_LETTER_MM = 5
export const MAX_LETTER_MM = 15
/** What an engraving must leave behind it: two perimeters of a 0.45 mm extrusion. */
const MIN_BEHIND_MM = 0.9
/** How far raised letters reach into the face they stand on (so the union is one solid). */
const EMBED_MM = 0.5

/** Right (u), up (v) as read from outside, and the outward normal (n), per facing as printed. A face on the bed is read
 * after the part is turned over about Y, so its words are mirrored in X. */
const FRAMES: Record<Facing, { u: Vec3; v: Vec3; n: Vec3 }> = {
  up: { u: [1, 0, 0], v: [0, 1, 0], n: [0, 0, 1] },
  down: { u: [-1, 0, 0], v: [0, 1, 0], n: [0, 0, -1] },
  front: { u: [1, 0, 0], v: [0, 0, 1], n: [0, -1, 0] },
  back: { u: [-1, 0, 0], v: [0, 0, 1], n: [0, 1, 0] },
  right: { u: [0, 1, 0], v: [0, 0, 1], n: [1, 0, 0] },
  left: { u: [0, -1, 0], v: [0, 0, 1], n: [-1, 0, 0] },
}

const isSide = (f: Facing) => f !== 'up' && f !== 'down'

export const hasText = (p: Params): boolean => typeof p.text === 'string' && p.text !== ''

/**
 * The outline extruded from w0 to w1 along the face's outward normal. On a side face every millimetre outward is also a
 * millimetre up (a shear), so the underside of each raised stroke, and the ceiling of each engraved one, slopes at 45°.
 */
function place(outline: Geom2, face: TextFace, w0: number, w1: number): Geom3 {
  const { u, v, n } = FRAMES[face.facing]
  const w: Vec3 = [n[0], n[1], n[2] + (isSide(face.facing) ? 1 : 0)]
  const c = face.centre
  const m = [u[0], u[1], u[2], 0, v[0], v[1], v[2], 0, w[0], w[1], w[2], 0, c[0], c[1], c[2], 1]
  return transforms.transform(m as Parameters<typeof transforms.transform>[0], extrude(outline, w1 - w0, w0))
}

export function letteringParams(l: Lettering): Family['params'] {
  return {
    text: { label: 'text', unit: 'text', default: 'TEXT', optional: true },
    textFace: { label: 'face with the text', unit: 'choice', default: l.faces[0]!, choices: l.faces, optional: true },
    textStyle: { label: 'text style', unit: 'choice', default: 'raised', choices: ['raised', 'engraved'], optional: true },
    letterHeight: { label: 'letter height', unit: 'mm', default: 10, min: 4, max: 80, optional: true },
  }
}

const ON_FACE = /\b(?:on|onto|into|in|across|along) (?:the |its |top of the )?(front|back|rear|left|right|sides?|top|lid|cover)\b/
const UNDERSIDE = /\b(?:on|under|into|in) (?:the |its )?(?:bottom|underside|base|under side)\b|\bunderneath\b/

/** The face named in the request, as one of the family's face names where it has that face. */
function readFace(r: Reader, f: Family): ReadValue | undefined {
  const l = f.lettering!
  const m = ON_FACE.exec(r.text)
  if (!m) return undefined
  const word = m[1]!
  const wanted = /^(?:top|lid|cover)$/.test(word)
    ? ['lid', 'top']
    : word === 'rear'
      ? ['back']
      : /^sides?$/.test(word)
        ? ['front', 'left', 'right', 'back']
        : [word]
  const face = l.faces.find((f) => wanted.includes(f))
  if (!face)
    fail(
      'INTENT_INVALID_VALUE',
      `A ${title(f)} takes words on its ${l.faces.join(', ')}, not on the ${word}`,
      { family: f.id, faces: l.faces },
      letteredExamples(f),
    )
  return { value: face, source: 'asked' }
}

const title = (f: Family) => f.title.toLowerCase()

function readLettering(r: Reader, f: Family): Record<string, ReadValue | undefined> {
  if (!r.words) return {}
  if (UNDERSIDE.test(r.text)) {
    fail(
      'INTENT_INVALID_VALUE',
      `Text on the underside is not offered: it lies on the bed as printed (raised letters there would need supports) and is hidden when the ${f.title.toLowerCase()} stands; it can go on the ${f.lettering!.faces.join(', ')}`,
      { family: f.id, faces: f.lettering!.faces },
      letteredExamples(f),
    )
  }
  return {
    text: { value: r.words, source: 'asked' },
    textFace: readFace(r, f),
    textStyle: r.has(/\b(?:engraved?|carved|cut in(?:to)?|recessed|debossed|sunk(?:en)?)\b/)
      ? { value: 'engraved', source: 'asked' }
      : r.has(/\b(?:embossed|raised|relief)\b/)
        ? { value: 'raised', source: 'asked' }
        : undefined,
    letterHeight: r.length(/\b(?:letters?|text|font|characters?)(?: height| size)?\b|\bhigh letters\b/),
  }
}

const letteredExamples = (f: Family) => [`${f.examples[0]} that says HELLO`, ...f.examples.slice(0, 1)]

const outlineOf = (p: Params) => textOutline(str(p, 'text'), num(p, 'letterHeight'))

/** The largest letter height (≤ 15 mm, ≥ 5 mm) whose words fit the face. */
function fitLetters(text: string, face: TextFace): number {
  let h = Math.max(MIN_LETTER_MM, Math.min(MAX_LETTER_MM, face.height))
  for (let i = 0; i < 4; i++) {
    const [tw, th] = textSize(text, h)
    const scale = Math.min(1, face.width / tw, face.height / th)
    if (scale >= 1) return h
    const next = Math.max(MIN_LETTER_MM, Math.floor(h * scale * 10) / 10)
    if (next === h) return h
    h = next
  }
  return h
}

/** The most leading characters of `text` that fit `width` at letter height `h`. */
function fittingLength(text: string, h: number, width: number): number {
  let lo = 0,
    hi = text.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    const part = text.slice(0, mid).trim()
    if (part === '' || textSize(part, h)[0] <= width) lo = mid
    else hi = mid - 1
  }
  return lo
}

function checkLettering(f: Family, p: Params): string | null {
  const name = str(p, 'textFace')
  const face = f.lettering!.face(p, name)
  const title = f.title.toLowerCase()
  if (str(p, 'textStyle') === 'raised' && face.facing === 'down') {
    return `The ${name} of the ${title} lies on the bed as printed (the ${face.part} prints upside down), so raised letters there would need supports; ask for the letters engraved`
  }
  if (str(p, 'textStyle') === 'engraved' && face.wall - ENGRAVE_MM < MIN_BEHIND_MM - 1e-9) {
    return `Engraving ${ENGRAVE_MM} mm into the ${face.wall} mm ${name} would leave less than two perimeters (${MIN_BEHIND_MM} mm) behind the letters; ask for raised letters or a thicker wall`
  }
  const h = num(p, 'letterHeight')
  const [tw, th] = textSize(str(p, 'text'), num(p, 'letterHeight'))
  const room = `${face.width.toFixed(0)} × ${face.height.toFixed(0)} mm`
  if (th > face.height + 1e-6)
    return `${h} mm letters do not fit on the ${name} of this ${title} (room for ${room}); ask for smaller letters or a larger ${title}`
  if (tw > face.width + 1e-6) {
    const max = fittingLength(str(p, 'text'), h, face.width)
    return `"${p.text}" is ${tw.toFixed(0)} mm long in ${h} mm letters, but the ${name} of this ${title} has room for ${room}: at most ${max} characters fit at that letter height${h <= MIN_LETTER_MM ? ` (printgate makes letters no smaller than ${MIN_LETTER_MM} mm by itself)` : ''}; shorten the text or ask for smaller letters or a larger ${title}`
  }
  return null
}

function letter(part: Part, p: Params, face: TextFace): Part {
  const outline = outlineOf(p)
  const solid =
    str(p, 'textStyle') === 'raised'
      ? union3(part.solid, place(outline, face, -EMBED_MM, RELIEF_MM))
      : subtract3(part.solid, place(outline, face, -ENGRAVE_MM, EMBED_MM))
  return { name: part.name, solid }
}

/** The family with four optional parameters (text, face, style, letter height) that put words on one of its flat faces. */
export function withLettering(f: Family): Family {
  const l = f.lettering
  if (!l) return f
  return {
    ...f,
    params: { ...f.params, ...letteringParams(l) },
    read(r) {
      const words = readLettering(r, f)
      return { ...f.read(r), ...words }
    },
    derive(p, asked, notes) {
      const base = f.derive?.(p, asked, notes) ?? {}
      if (!hasText(p)) return base
      const q: Params = { ...p, ...Object.fromEntries(Object.entries(base).map(([k, r]) => [k, r.value])) }
      const out: Record<string, ReadValue> = { ...base }
      const face = l.face(q, str(q, 'textFace'))
      if (face.facing === 'down' && !asked.has('textStyle')) {
        out.textStyle = {
          value: 'engraved',
          source: 'derived',
          note: `the ${face.part} prints with its ${str(q, 'textFace')} on the bed: the letters are engraved ${ENGRAVE_MM} mm (mirrored so they read right when it is turned over)`,
        }
      }
      if (!asked.has('letterHeight')) {
        const h = fitLetters(str(q, 'text'), face)
        out.letterHeight = {
          value: h,
          source: 'derived',
          note: `letters ${h} mm tall: the largest that fits the ${str(q, 'textFace')} (at most ${MAX_LETTER_MM} mm)`,
        }
      }
      return out
    },
    resolve(p, notes, research) {
      return f.resolve?.(p, notes, research) ?? (hasText(p) ? checkLettering(f, p) : null)
    },
    build(p, ctx) {
      const parts = f.build(p, ctx)
      if (!hasText(p)) return parts
      const face = l.face(p, str(p, 'textFace'), ctx)
      return parts.map((part) => (part.name === face.part ? letter(part, p, face) : part))
    },
    expect(p, ctx) {
      const base = f.expect(p, ctx)
      if (!hasText(p)) return base
      const face = l.face(p, str(p, 'textFace'), ctx)
      const raised = str(p, 'textStyle') === 'raised'
      const axis = face.facing === 'up' ? 2 : face.facing === 'front' || face.facing === 'back' ? 1 : face.facing === 'left' || face.facing === 'right' ? 0 : -1
      const size = base.size.map((s, k) => (raised && k === axis && s !== null ? s + RELIEF_MM : s)) as Expectation['size']
      return {
        size,
        volumeTolerancePercent: base.volumeTolerancePercent,
        get volume() {
          const v = base.volume
          return v === null ? null : v + (raised ? 1 : -1) * area(outlineOf(p)) * (raised ? RELIEF_MM : ENGRAVE_MM)
        },
      }
    },
    bridges(p) {
      const zones = f.bridges?.(p) ?? []
      if (!hasText(p)) return zones
      const face = l.face(p, str(p, 'textFace'))
      if (face.facing !== 'down' || str(p, 'textStyle') !== 'engraved') return zones
      // the ceiling of each engraved stroke on the bed face is a short bridge
      const [x, y] = face.centre
      const bridge: BridgeZone = {
        part: face.part,
        min: [x - face.width / 2 - 1, y - face.height / 2 - 1, 0],
        max: [x + face.width / 2 + 1, y + face.height / 2 + 1, ENGRAVE_MM + 0.01],
      }
      return [...zones, bridge]
    },
  }
}

/** Words asked for an object without a flat face for them. */
export function refuseWordsWithoutFace(f: Family, words: string, lettered: readonly Family[]): never {
  fail(
    'INTENT_INVALID_VALUE',
    `A ${f.title.toLowerCase()} has no flat face printgate puts words on, so "${words}" cannot be written on it; words go on these: ${lettered.map(title).join(', ')}, and the labels (name tag, keychain, sign)`,
    { family: f.id, text: words },
    [`${lettered[0]!.examples[0]} that says ${words.slice(0, 20)}`, `a sign that says ${words.slice(0, 20)}`],
  )
}

/** Free border around words on a face, in mm; side faces keep 1 mm more above and below for the 45° shear. */
const MARGIN_MM = 2

/** One outer side of a box-shaped part w × d × h (corner radius r, wall t), as a face for words. */
export function boxSide(name: 'front' | 'back' | 'left' | 'right', part: string, w: number, d: number, h: number, t: number, r: number): TextFace {
  const alongX = name === 'front' || name === 'back'
  const half = alongX ? d / 2 : w / 2
  const sign = name === 'front' || name === 'left' ? -1 : 1
  const centre: Vec3 = alongX ? [0, sign * half, h / 2] : [sign * half, 0, h / 2]
  return { part, centre, facing: name, width: (alongX ? w : d) - 2 * r - 2 * MARGIN_MM, height: h - 2 * MARGIN_MM - 2, wall: t }
}

/**
 * The largest rectangle on a side (front or back, the part `depth` deep) under a rising top edge: the edge is `z0` high at
 * x0 and climbs `slope` per mm up to x1 (a wedge's side). Margins as on a box side, so a raised letter's 45° rise stays under the edge.
 */
export function sideUnderSlope(name: 'front' | 'back', part: string, depth: number, x0: number, x1: number, z0: number, slope: number): TextFace {
  const right = x1 - MARGIN_MM
  const under = (x: number) => z0 + slope * (x - x0) - 2 * MARGIN_MM - 2
  // (right − x) × under(x) is largest at x = (slope × right − under(0)) / (2 × slope)
  const left = Math.min(right - 1, Math.max(x0 + MARGIN_MM, (slope * right - under(0)) / (2 * slope)))
  const height = Math.max(0, under(left))
  return {
    part,
    centre: [(left + right) / 2, ((name === 'front' ? -1 : 1) * depth) / 2, MARGIN_MM + 1 + height / 2],
    facing: name,
    width: right - left,
    height,
    wall: depth,
  }
}

/** The face a part prints on (a lid's top, a knob's face): a centred rectangle w × d inside its outline. */
export function bedFace(part: string, w: number, d: number, wall: number): TextFace {
  return { part, centre: [0, 0, 0], facing: 'down', width: w - 2 * MARGIN_MM, height: d - 2 * MARGIN_MM, wall }
}

export const SIDES = ['front', 'back', 'left', 'right'] as const
