// The dry run and the changeable values against the real object library: families, text values, limits, refusals.
import { describe, expect, it } from 'vitest'
import * as plan from '../plan/index.js'
import { checkRequest } from './check.js'
import { intentParameters, reviseIntent } from './parameters.js'

describe('checkRequest', () => {
  it('answers a family request with its values, units and limits', () => {
    const answer = checkRequest(plan, 'an open box 80 x 60 x 40 mm with 2 mm walls')
    expect(answer.buildable).toBe(true)
    expect(answer.parameters).toContainEqual(expect.objectContaining({ path: 'width', label: 'Outer width', kind: 'number', value: 80, unit: 'mm' }))
    expect(answer.parameters.every((p) => p.kind === 'text' || (p.min !== null && p.max !== null))).toBe(true)
  })

  it('refuses with the reason, the closest families and phrasings, instead of guessing', () => {
    const answer = checkRequest(plan, 'print a dragon')
    expect(answer).toMatchObject({ buildable: false, intent: null, parameters: [] })
    expect(answer.refusal?.message).toMatch(/dragon/)
    expect(answer.refusal?.suggestions.length).toBeGreaterThan(0)
    const hot = checkRequest(plan, 'a 20 mm cube at 500 degrees')
    expect(hot.refusal?.message).toMatch(/500/)
  })

  it('throws (a 4xx) for an unknown printer profile instead of answering', () => {
    expect(() => checkRequest(plan, 'a 20 mm cube', { printerProfile: 'no_such_printer' })).toThrow()
  })
})

describe('reviseIntent', () => {
  const tag = checkRequest(plan, 'a name tag that says ANNA').intent

  it('changes a text value through the library, which rebuilds what depends on it', () => {
    expect(intentParameters(tag)).toContainEqual(expect.objectContaining({ path: 'text', kind: 'text', value: 'ANNA' }))
    const next = reviseIntent(tag, { text: 'BOB' }, plan) as { params: Record<string, { value: unknown }>; notes: string[] }
    expect(next.params.text?.value).toBe('BOB')
    expect(next.notes.join(' ')).toMatch(/ANNA to BOB/)
  })

  it('refuses values the object does not have, out of range or of the wrong kind, with 422 codes', () => {
    const cube = checkRequest(plan, 'a 20 mm cube').intent
    const refusal = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        return error as { code: string; status: number }
      }
      throw new Error('expected a refusal')
    }
    expect(refusal(() => reviseIntent(cube, { colour: 3 }, plan))).toMatchObject({ code: 'INTENT_INVALID_VALUE', status: 422 })
    expect(refusal(() => reviseIntent(cube, { width: 0 }, plan)).status).toBe(422)
    expect(refusal(() => reviseIntent(cube, { width: 'wide' }, plan)).status).toBe(422)
    expect(refusal(() => reviseIntent(tag, { text: '' }, plan)).status).toBe(422)
  })
})
