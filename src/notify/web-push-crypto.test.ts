// Web Push cryptography: the RFC 8291 Appendix A example byte for byte, and a VAPID token that verifies with its own key.
import { createECDH, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { b64url, encryptPayload, fromB64url, generateVapidKeys, p256Key, vapidAuthorization } from './web-push-crypto.js'

describe('aes128gcm (RFC 8291 Appendix A)', () => {
  it('encrypts the example to the published body', () => {
    const body = encryptPayload(
      Buffer.from('When I grow up, I want to be a watermelon'),
      {
        p256dh: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
        auth: 'BTBZMqHH6r4Tts7J_aSIgg',
      },
      { salt: fromB64url('DGv6ra1nlYgDCS1FRnbzlw'), senderPrivate: fromB64url('yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw') },
    )
    expect(b64url(body)).toBe(
      'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
    )
  })

  it('refuses keys of the wrong shape', () => {
    const ua = createECDH('prime256v1')
    ua.generateKeys()
    expect(() => encryptPayload(Buffer.from('x'), { p256dh: b64url(ua.getPublicKey()), auth: b64url(Buffer.alloc(8)) })).toThrow(/16 bytes/)
    expect(() => encryptPayload(Buffer.from('x'), { p256dh: b64url(Buffer.alloc(33)), auth: b64url(Buffer.alloc(16)) })).toThrow(/P-256/)
  })
})

describe('VAPID (RFC 8292)', () => {
  it('signs an ES256 JWT for the push service origin that verifies with k', () => {
    const keys = generateVapidKeys()
    const header = vapidAuthorization('https://push.example.net/send/abc?x=1', keys, 'mailto:admin@printgate.local', Date.UTC(2026, 0, 1))
    const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(header)
    expect(match).not.toBeNull()
    const [, h, c, s, k] = match!
    expect(k).toBe(keys.publicKey)
    expect(JSON.parse(fromB64url(h!).toString())).toEqual({ typ: 'JWT', alg: 'ES256' })
    expect(JSON.parse(fromB64url(c!).toString())).toEqual({
      aud: 'https://push.example.net',
      exp: Date.UTC(2026, 0, 1) / 1000 + 12 * 3600,
      sub: 'mailto:admin@printgate.local',
    })
    const ok = verify('sha256', Buffer.from(`${h}.${c}`), { key: p256Key(fromB64url(k!)), dsaEncoding: 'ieee-p1363' }, fromB64url(s!))
    expect(ok).toBe(true)
    const other = generateVapidKeys()
    expect(verify('sha256', Buffer.from(`${h}.${c}`), { key: p256Key(fromB64url(other.publicKey)), dsaEncoding: 'ieee-p1363' }, fromB64url(s!))).toBe(false)
  })
})
