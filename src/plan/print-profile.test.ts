// The seed's profile names, plain printer ids, quality precedence and unknown names.

import { describe, expect, it } from 'vitest'
import { parseRequest as parseIntent } from './library/understand.js'
import { profileForIntent, resolvePrintProfile } from './print-profile.js'

const summary = (name: string | null | undefined, quality?: string | null) => {
  const p = resolvePrintProfile(name, quality)
  return [p.printer.id, p.material.id, p.quality.id, p.quality.layerHeight]
}

describe('resolvePrintProfile', () => {
  it.each([
    [undefined, undefined, ['ender3', 'PLA', 'standard', 0.2]],
    [null, null, ['ender3', 'PLA', 'standard', 0.2]],
    ['ender3_pla', undefined, ['ender3', 'PLA', 'standard', 0.2]],
    ['ender3_pla_standard', undefined, ['ender3', 'PLA', 'standard', 0.2]],
    ['ender3_pla_draft', undefined, ['ender3', 'PLA', 'draft', 0.3]],
    ['ender3_pla_fine', undefined, ['ender3', 'PLA', 'fine', 0.15]],
    ['ender3_abs_standard', undefined, ['ender3', 'ABS', 'standard', 0.2]],
    ['prusa_mk3s_pla_standard', undefined, ['prusa_mk3s', 'PLA', 'standard', 0.2]],
    ['prusa_mk3s_petg_standard', undefined, ['prusa_mk3s', 'PETG', 'standard', 0.2]],
    ['prusa-mk3s', undefined, ['prusa_mk3s', 'PLA', 'standard', 0.2]],
    ['ender3', 'ultra', ['ender3', 'PLA', 'ultra', 0.1]],
    ['ender3_pla_draft', 'fine', ['ender3', 'PLA', 'fine', 0.15]],
    ['ENDER3_PETG', 'Draft', ['ender3', 'PETG', 'draft', 0.3]],
    ['cat_high_detail', undefined, ['ender3', 'PLA', 'fine', 0.12]],
  ] as const)('%s + %s', (name, quality, expected) => {
    expect(summary(name, quality)).toEqual(expected)
  })
  it('gives the quality preset its layer height (the seed ignored it)', () => {
    expect(summary('ender3_pla', 'draft')[3]).toBe(0.3)
  })
  it.each(['makerbot', 'ender3_wood', 'ender3_pla_superfine', 'ender3_pla_fine_extra'])('refuses unknown profile %s', (name) => {
    expect(() => resolvePrintProfile(name)).toThrow(expect.objectContaining({ code: 'SLICER_PROFILE_UNKNOWN' }))
  })
  it('refuses an unknown quality', () => {
    expect(() => resolvePrintProfile('ender3', 'superb')).toThrow(expect.objectContaining({ code: 'SLICER_PROFILE_UNKNOWN' }))
  })
})

describe('profileForIntent', () => {
  it('lets the request name the material and quality', () => {
    const p = profileForIntent(parseIntent('a 20 mm cube in PETG, fine quality'), 'ender3_pla')
    expect([p.material.id, p.quality.id]).toEqual(['PETG', 'fine'])
  })
  it('keeps the profile when the request names neither, and an explicit quality wins', () => {
    const p = profileForIntent(parseIntent('a 20 mm cube, draft'), 'prusa_mk3s_abs', 'ultra')
    expect([p.printer.id, p.material.id, p.quality.id]).toEqual(['prusa_mk3s', 'ABS', 'ultra'])
  })
})
