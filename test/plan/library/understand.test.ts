// understand(): the requests, refusals with reasons and suggestions, and reviseIntent for the phone's parameter editor.

import { describe, expect, it } from 'vitest'
import { findPrinterModel, reviseIntent, understand } from '../../../src/plan/index.js'

const value = (text: string, key: string) => {
  const u = understand(text)
  if (!u.ok) throw new Error(`${text}: ${u.reason}`)
  return u.intent.params[key]
}

describe("understand: the issue's requests", () => {
  it('an open box is open, with the walls asked', () => {
    const u = understand('an open box 80 x 60 x 40 mm with 2 mm walls')
    expect(u.ok && u.intent).toMatchObject({
      family: 'open_box',
      shape: null,
      params: { width: { value: 80, source: 'asked' }, depth: { value: 60 }, height: { value: 40 }, wall: { value: 2, source: 'asked' } },
    })
  })
  it('"over a 608 bearing" is 22 mm from the catalogue plus clearance, never 608 mm', () => {
    const u = understand('a spacer that fits over a 608 bearing')
    expect(u.ok && u.intent.params.inner).toMatchObject({ value: 22.4, source: 'catalogue' })
    expect(u.ok && u.intent.research[0]).toMatchObject({ name: '608 bearing', dimensions: { bore: 8, outer: 22, width: 7 } })
    expect(u.ok && u.intent.research[0]!.source).toMatch(/ISO 15/)
  })
  it('the fit clearance is a setting', () => {
    const u = understand('a spacer that fits over a 608 bearing', { clearance: 0.3 })
    expect(u.ok && u.intent.params.inner!.value).toBe(22.6)
    expect(u.ok && u.intent.fit.clearanceMm).toBe(0.3)
  })
  it('a spur gear with 20 teeth, defaults stated in the notes', () => {
    const u = understand('a spur gear with 20 teeth')
    expect(u.ok && u.intent.params.teeth).toMatchObject({ value: 20, source: 'asked', unit: 'count' })
    expect(u.ok && u.intent.params.module).toMatchObject({ value: 1.5, source: 'default', unit: 'mm' })
    expect(u.ok && u.intent.notes.join(' ')).toMatch(/module not given: 1\.5 mm/)
  })
  it('a cable clip for a 6 mm cable', () => expect(value('a cable clip for a 6 mm cable', 'cable')).toMatchObject({ value: 6.4, source: 'asked' }))
  it('a name tag that says ANNA keeps the case', () => expect(value('a name tag that says ANNA', 'text')!.value).toBe('ANNA'))
  it('a cup that holds 250 ml gets the height for 250 ml', () => {
    const u = understand('a cup that holds 250 ml')
    expect(u.ok && u.intent.params.capacity).toMatchObject({ value: 250, unit: 'ml', source: 'asked' })
    expect(u.ok && u.intent.params.height!.source).toBe('derived')
  })
  it('typos in the object word are corrected and noted', () => {
    const u = understand('a spur gaer with 30 teeth')
    expect(u.ok && u.intent.family).toBe('spur_gear')
    expect(u.ok && u.intent.notes).toContain('read "gaer" as "gear"')
  })
})

describe('understand: refusals say why and what would work', () => {
  it.each([
    ['a cube of 1e308 mm', 'INTENT_INVALID_DIMENSION', /absurdly large/],
    ['a cube of 2,5', 'INTENT_INVALID_VALUE', /decimal or as two numbers/],
    ['a 20 mm cube at 500 degrees', 'INTENT_INVALID_VALUE', /500 °C is hotter/],
    ['a gear with 2 teeth', 'INTENT_INVALID_DIMENSION', /at least 8/],
    ['an M200 bolt', 'INTENT_INVALID_DIMENSION', /M200 is not an ISO metric size/],
    ['a dragon', 'INTENT_UNSUPPORTED_SHAPE', /no "dragon"/],
  ])('%s', (text, code, reason) => {
    const u = understand(text)
    expect(u.ok).toBe(false)
    if (u.ok) return
    expect(u.code).toBe(code)
    expect(u.reason).toMatch(reason)
    expect(u.suggestions.length).toBeGreaterThan(0)
  })
  it('1/2" is read whole: 12.7 mm', () => expect(value('a 1/2" cube', 'width')!.value).toBe(12.7))
  it('parts larger than the bed are refused with the bed size', () => {
    const u = understand('an open box 300 x 250 x 40 mm', { printer: findPrinterModel('ender3')! })
    expect(u.ok).toBe(false)
    expect(!u.ok && u.reason).toMatch(/larger than the ender3/)
  })
})

describe('reviseIntent: one parameter changed', () => {
  it('changes the value, marks it asked and recomputes what depends on it', () => {
    const u = understand('a cup that holds 250 ml')
    if (!u.ok) throw new Error(u.reason)
    const r = reviseIntent(u.intent, { diameter: 60 })
    expect(r.ok && r.intent.params.diameter).toMatchObject({ value: 60, source: 'asked' })
    expect(r.ok && (r.intent.params.height!.value as number)).toBeGreaterThan(u.intent.params.height!.value as number)
    expect(r.ok && r.intent.params.capacity!.value).toBe(250)
  })
  it('refuses a value outside the limits with the reason', () => {
    const u = understand('a spur gear with 20 teeth')
    if (!u.ok) throw new Error(u.reason)
    const r = reviseIntent(u.intent, { teeth: 3 })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toMatch(/at least 8/)
  })
  it('works for primitives too (the shape follows the parameters)', () => {
    const u = understand('a 20 mm cube')
    if (!u.ok) throw new Error(u.reason)
    const r = reviseIntent(u.intent, { height: 30 })
    expect(r.ok && r.intent.shape).toEqual({ kind: 'box', width: 20, depth: 20, height: 30 })
  })
})
