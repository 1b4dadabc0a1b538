// The resend decision: follow-on budget, streak and the loop limit.
import { describe, expect, it } from 'vitest'
import { createResendPolicy, SUSPICIOUS_STREAK } from './resend-policy.js'

describe('resend policy', () => {
  it('the requests for lines that were in flight with the bad one are follow-ons, as many as were dropped', () => {
    const p = createResendPolicy(10)
    p.lineError(false)
    expect(p.request(5)).toEqual({ kind: 'replay', streak: 1, suspicious: false, sequenceError: false })
    p.replaying(2)
    for (let i = 0; i < 2; i++) {
      p.lineError(true)
      expect(p.request(5)).toEqual({ kind: 'follow-on' })
    }
    p.lineError(true)
    expect(p.request(5)).toEqual({ kind: 'replay', streak: 2, suspicious: false, sequenceError: true })
  })

  it('absorb forgets the error line before a request handled elsewhere', () => {
    const p = createResendPolicy(10)
    p.lineError(true)
    p.absorb()
    expect(p.request(5)).toMatchObject({ kind: 'replay', sequenceError: false })
  })

  it('a checksum error on the requested line is our resent line damaged again, not a follow-on', () => {
    const p = createResendPolicy(10)
    p.request(5)
    p.replaying(3)
    p.lineError(false)
    expect(p.request(5)).toEqual({ kind: 'replay', streak: 2, suspicious: false, sequenceError: false })
  })

  it('an acknowledged line at or after the requested one ends the follow-on budget', () => {
    const p = createResendPolicy(10)
    p.request(5)
    p.replaying(3)
    p.acknowledged(4)
    expect(p.request(5)).toEqual({ kind: 'follow-on' })
    p.acknowledged(5)
    expect(p.request(5).kind).toBe('replay')
  })

  it('the same line over and over is suspicious, then a loop', () => {
    const p = createResendPolicy(7)
    const kinds = Array.from({ length: 7 }, () => p.request(3))
    expect(kinds.map((d) => d.kind)).toEqual(['replay', 'replay', 'replay', 'replay', 'replay', 'replay', 'loop'])
    expect(kinds.map((d) => ('suspicious' in d ? d.suspicious : null)).indexOf(true)).toBe(SUSPICIOUS_STREAK - 1)
    expect(p.request(4)).toEqual({ kind: 'replay', streak: 1, suspicious: false, sequenceError: false })
  })

  it('a numbering reset forgets the streak and the budget', () => {
    const p = createResendPolicy(10)
    p.request(5)
    p.replaying(2)
    p.reset()
    expect(p.request(5)).toEqual({ kind: 'replay', streak: 1, suspicious: false, sequenceError: false })
  })
})
