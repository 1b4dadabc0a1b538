// Words on a flat face of another family: read, fitted, refused with reasons, built manifold and printable, and sliced.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runPlan } from '../../../src/cli/plan.js'
import { countOpenEdges, measureStl } from '../../../src/plan/cad/stl-stats.js'
import { getFamily, reviseIntent, understand, type Intent, type SliceResult } from '../../../src/plan/index.js'
import { buildParts, checkPrintable, toStl } from '../../../src/plan/library/build-plate.js'
import { area, textOutline } from '../../../src/plan/library/geometry.js'
import { ENGRAVE_MM, RELIEF_MM } from '../../../src/plan/library/lettering.js'
import { unsupportedOverhangs } from '../../../src/plan/library/printability.js'
import type { Params } from '../../../src/plan/library/types.js'

const within = (actual: number, expected: number, percent: number) => Math.abs(actual / expected - 1) * 100 <= percent

function intentOf(request: string): Intent {
  const u = understand(request)
  if (!u.ok) throw new Error(`${request}: ${u.code} ${u.reason}`)
  return u.intent
}
const valuesOf = (intent: Intent): Params => Object.fromEntries(Object.entries(intent.params).map(([k, v]) => [k, v.value]))
const ctxOf = (intent: Intent) => ({ clearance: intent.fit.clearanceMm, holeCompensation: intent.fit.holeCompensationMm })

describe('reading words for a face', () => {
  it.each([
    ['a box with a lid that says SCREWS', 'box_with_lid', { text: 'SCREWS', textFace: 'lid', textStyle: 'engraved' }],
    ['an open box 80x60x40 with BITS engraved on the front', 'open_box', { width: 80, height: 40, text: 'BITS', textFace: 'front', textStyle: 'engraved' }],
    ['a drawer knob with an A on top', 'drawer_knob', { text: 'A', textFace: 'top', textStyle: 'engraved' }],
    ['a pencil cup that says PENS', 'pencil_cup', { text: 'PENS', textFace: 'front', textStyle: 'raised' }],
    [
      'a tray with 4 compartments that says BEADS engraved on the left side',
      'tray',
      { compartments: 4, text: 'BEADS', textFace: 'left', textStyle: 'engraved' },
    ],
    [
      'an open box 100 x 60 x 50 mm with "Lego" on the back in 12 mm letters',
      'open_box',
      { width: 100, text: 'Lego', textFace: 'back', letterHeight: 12, textStyle: 'raised' },
    ],
    ['a pen holder with the word ART embossed on the back', 'pencil_cup', { text: 'ART', textFace: 'back', textStyle: 'raised' }],
    ['a doorstop wedge that says STOP', 'doorstop', { text: 'STOP', textFace: 'front', textStyle: 'raised' }],
    ['a door wedge with HOME engraved on the back', 'doorstop', { text: 'HOME', textFace: 'back', textStyle: 'engraved' }],
    ['a phone stand that says ANNA', 'phone_stand', { text: 'ANNA', textFace: 'front', textStyle: 'raised' }],
    ['a tablet stand with IPAD engraved on the front', 'tablet_stand', { text: 'IPAD', textFace: 'front', textStyle: 'engraved' }],
    ['a holder for 4 AA batteries that says AA', 'battery_holder', { count: 4, text: 'AA', textFace: 'front', textStyle: 'raised' }],
    ['an SD card holder for 8 cards with SD engraved on the front', 'card_holder', { count: 8, text: 'SD', textStyle: 'engraved' }],
    ['a bit holder that says BITS on the back', 'bit_holder', { text: 'BITS', textFace: 'back' }],
  ] as const)('"%s" → %s %o', (request, family, params) => {
    const intent = intentOf(request)
    expect(intent.family).toBe(family)
    for (const [k, v] of Object.entries(params)) expect(intent.params[k]?.value, k).toBe(v)
  })

  it('fits the letters to the face when no height is asked, and says so', () => {
    const intent = intentOf('a pencil cup that says PENS')
    expect(intent.params.letterHeight).toMatchObject({ source: 'derived', value: 10.5 })
    expect(intent.notes.join('\n')).toMatch(/letters 10\.5 mm tall: the largest that fits the front/)
    expect(intentOf('a drawer knob with an A on top').notes.join('\n')).toMatch(/prints with its top on the bed: the letters are engraved 0\.6 mm \(mirrored/)
  })

  it('adds no lettering parameters when nothing is to be written', () => {
    expect(Object.keys(intentOf('an open box 80 x 60 x 40 mm').params)).toEqual(['width', 'depth', 'height', 'wall'])
  })

  it('refits the letters when the phone changes the text', () => {
    const revised = reviseIntent(intentOf('a pencil cup that says PENS'), { text: 'PENCILS' })
    expect(revised.ok && revised.intent.params.letterHeight!.value).toBeLessThan(10.5)
    const tooLong = reviseIntent(intentOf('a pencil cup that says PENS'), { text: 'PENCILS AND BRUSHES' })
    expect(tooLong.ok).toBe(false)
  })
})

describe('refusing words it cannot print', () => {
  it.each([
    ['an open box that says TOOLS on the bottom', /underside is not offered: it lies on the bed as printed/],
    ['a box with a lid that says SCREWS in raised letters', /lid of the box with lid lies on the bed as printed .*ask for the letters engraved/],
    ['an open box 40x30x20 that says SUPERCALIFRAGILISTIC', /room for 30 × 14 mm: at most 6 characters fit at that letter height/],
    ['an open box with the text TOOLS, 20 mm letters', /20 mm letters do not fit on the front|at most \d characters fit/],
    ['a cup that says MUG', /A cup has no flat face printgate puts words on, so "MUG" cannot be written on it; words go on these: open box, box with lid/],
    ['an open box with 1.2 mm walls that says HI, engraved', /would leave less than two perimeters \(0\.9 mm\)/],
    ['a pencil cup that says PENS on the top', /A pencil cup takes words on its front, back, not on the top/],
    ['a phone stand that says ANNA on the back', /A phone stand takes words on its front, not on the back/],
    ['a phone stand that says HELLO THERE WORLD HOW ARE YOU', /room for 66 × 6 mm: at most 14 characters fit/],
    ['a holder for 4 CR2032 coin cells that says COIN', /room for 15 × 8 mm: at most 3 characters fit/],
    ['a doorstop that says STOP on the top', /A doorstop wedge takes words on its front, back, not on the top/],
    ['a door wedge 60 mm long, 12 mm tall that says HI', /5 mm letters do not fit on the front of this doorstop wedge \(room for 15 × 3 mm\)/],
    ['a doorstop wedge that says STOP HERE PLEASE', /room for 46 × 9 mm: at most 10 characters fit/],
  ])('"%s"', (request, reason) => {
    const u = understand(request)
    expect(u.ok).toBe(false)
    if (u.ok) return
    expect(u.code).toBe('INTENT_INVALID_VALUE')
    expect(u.reason).toMatch(reason)
    expect(u.suggestions.length).toBeGreaterThan(0)
  })
})

describe('building words on a face', () => {
  it.each([
    'a pencil cup that says PENS',
    'an open box 80x60x40 with BITS engraved on the front',
    'a box with a lid that says SCREWS',
    'a drawer knob with an A on top',
    'a tray with 4 compartments that says BEADS on the right',
    'a doorstop wedge that says STOP',
    'a door wedge 150 mm long, 30 mm tall with KITCHEN engraved on the back',
    'a phone stand that says ANNA',
    'a tablet stand with IPAD engraved on the front',
    'a holder for 4 AA batteries that says AA',
    'an SD card holder for 8 cards with SD engraved on the front',
    'a bit holder that says BITS on the left',
  ])('"%s": closed manifold, size and volume as promised, the text volume there, no unsupported overhang', (request) => {
    const intent = intentOf(request)
    const family = getFamily(intent.family)!
    const p = valuesOf(intent)
    const ctx = ctxOf(intent)
    const parts = buildParts(family.id, p, ctx)
    const plain = buildParts(
      family.id,
      Object.fromEntries(Object.entries(p).filter(([k]) => !['text', 'textFace', 'textStyle', 'letterHeight'].includes(k))),
      ctx,
    )
    const expected = family.expect(p, ctx)
    let volume = 0,
      plainVolume = 0
    for (const [i, part] of parts.entries()) {
      const stl = toStl(part.solid)
      expect(countOpenEdges(stl), `${part.name}: open edges`).toBe(0)
      const stats = measureStl(stl)
      expect(Math.abs(stats.boundingBox.min[2])).toBeLessThan(1e-4)
      volume += stats.volumeMm3
      plainVolume += measureStl(toStl(plain[i]!.solid)).volumeMm3
      if (i === 0)
        expected.size.forEach((s, k) => {
          if (s !== null) expect(within(stats.boundingBox.size[k]!, s, 1.5), `size[${k}] ${stats.boundingBox.size[k]} vs ${s}`).toBe(true)
        })
    }
    expect(within(volume, expected.volume!, expected.volumeTolerancePercent ?? 1.5), `volume ${volume.toFixed(0)} vs ${expected.volume!.toFixed(0)}`).toBe(true)
    const textArea = area(textOutline(String(p.text), Number(p.letterHeight)))
    const textVolume = (p.textStyle === 'raised' ? RELIEF_MM : -ENGRAVE_MM) * textArea
    expect(Math.abs(textVolume)).toBeGreaterThan(20)
    expect(within(volume - plainVolume, textVolume, 3), `text volume ${(volume - plainVolume).toFixed(1)} vs ${textVolume.toFixed(1)} mm³`).toBe(true)
    expect(() => checkPrintable(family.id, p, parts)).not.toThrow()
  })

  it('raised letters on a side slope at 45° underneath (nothing steeper than 46°)', () => {
    const intent = intentOf('a pencil cup that says PENS')
    const [cup] = buildParts('pencil_cup', valuesOf(intent), ctxOf(intent))
    expect(unsupportedOverhangs(toStl(cup!.solid), 46).faces).toBe(0)
    expect(unsupportedOverhangs(toStl(cup!.solid), 44).faces).toBeGreaterThan(0)
  })

  it("letters on a wedge's side stay under its slope, raised ones included (their 45° rise)", () => {
    for (const request of [
      'a doorstop wedge that says STOP',
      'a door wedge 150 mm long, 30 mm tall that says KITCHEN',
      'a door wedge 200 mm long, 60 mm tall that says DOOR',
    ]) {
      const p = valuesOf(intentOf(request))
      const face = getFamily('doorstop')!.lettering!.face(p, 'front')
      const l = Number(p.length),
        h = Number(p.height)
      const slopeAt = (x: number) => 1.2 + ((h - 1.2) * (x + l / 2)) / (l - 3)
      const left = face.centre[0] - face.width / 2,
        right = face.centre[0] + face.width / 2,
        top = face.centre[2] + face.height / 2
      expect(left).toBeGreaterThanOrEqual(-l / 2)
      expect(right).toBeLessThanOrEqual(l / 2 - 3)
      expect(top + RELIEF_MM, request).toBeLessThan(slopeAt(left))
      expect(face.centre[2] - face.height / 2).toBeGreaterThan(RELIEF_MM)
    }
  })

  it("a pocket holder's face follows the fit clearance it is built with (and is smallest without one)", () => {
    for (const clearance of [0, 0.2, 0.5]) {
      const u = understand('a holder for 4 AA batteries that says AA', { clearance })
      if (!u.ok) throw new Error(u.reason)
      const p = valuesOf(u.intent),
        ctx = ctxOf(u.intent)
      const lettering = getFamily('battery_holder')!.lettering!
      const [plain] = buildParts('battery_holder', { cell: p.cell!, count: p.count! }, ctx)
      const box = measureStl(toStl(plain!.solid)).boundingBox
      expect(lettering.face(p, 'front', ctx).centre[1]).toBeCloseTo(box.min[1], 4)
      expect(lettering.face(p, 'right', ctx).centre[0]).toBeCloseTo(box.max[0], 4)
      expect(lettering.face(p, 'front').width).toBeLessThanOrEqual(lettering.face(p, 'front', ctx).width)
    }
  })

  it('engraved letters on a face on the bed are declared bridges, and only there', () => {
    const intent = intentOf('a drawer knob with an A on top')
    const p = valuesOf(intent)
    const [knob] = buildParts('drawer_knob', p, ctxOf(intent))
    expect(unsupportedOverhangs(toStl(knob!.solid)).faces).toBeGreaterThan(0)
    expect(unsupportedOverhangs(toStl(knob!.solid), 50, getFamily('drawer_knob')!.bridges!(p)).faces).toBe(0)
  })
})

describe('printgate plan with words on a face (real PrusaSlicer)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'printgate-lettering-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  it(
    '"a pencil cup that says PENS" slices and the G-code reaches the cup\'s height',
    async () => {
      const lines: string[] = []
      const err: string[] = []
      const code = await runPlan(['a pencil cup that says PENS', '--out', dir, '--json'], { out: (l) => lines.push(l), err: (l) => err.push(l) })
      expect(err.join('\n')).toBe('')
      expect(code).toBe(0)
      const { intent, slice } = JSON.parse(lines.join('\n')) as { intent: Intent; slice: SliceResult }
      expect(intent.params.text!.value).toBe('PENS')
      const stl = measureStl(readFileSync(join(dir, 'model.stl')))
      expect(stl.boundingBox.size[2]).toBeCloseTo(100, 3)
      expect(stl.boundingBox.size[1]).toBeCloseTo(75 + RELIEF_MM, 2)
      expect(slice.analysis.checks.problems).toEqual([])
      expect(Math.abs(slice.analysis.objectBoundingBox!.max[2] - 100)).toBeLessThanOrEqual(0.2 + 1e-6)
    },
    10 * 60_000,
  )
})
