// The Web Push protocol's cryptography with node:crypto: VAPID tokens (RFC 8292, ES256 JWT) and aes128gcm payloads (RFC 8291, RFC 8188).
import { createECDH, createPrivateKey, createPublicKey, createCipheriv, generateKeyPairSync, hkdfSync, randomBytes, sign, type KeyObject } from 'node:crypto'

export const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
export const fromB64url = (text: string) => Buffer.from(text, 'base64url')

/** The gateway's VAPID key pair: the public key as the 65-byte uncompressed point (what browsers take as applicationServerKey). */
export interface VapidKeys {
  publicKey: string
  /** JWK `d`, base64url. */
  privateKey: string
}

export function generateVapidKeys(): VapidKeys {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const jwk = privateKey.export({ format: 'jwk' })
  return { publicKey: b64url(Buffer.concat([Buffer.from([4]), fromB64url(jwk.x!), fromB64url(jwk.y!)])), privateKey: jwk.d! }
}

/** A P-256 key from the uncompressed point (and the private scalar, for the signing key). */
export function p256Key(publicKey: Buffer, d?: Buffer): KeyObject {
  if (publicKey.length !== 65 || publicKey[0] !== 4) throw new Error('not an uncompressed P-256 point')
  const jwk = { kty: 'EC', crv: 'P-256', x: b64url(publicKey.subarray(1, 33)), y: b64url(publicKey.subarray(33)), ...(d ? { d: b64url(d) } : {}) }
  return d ? createPrivateKey({ key: jwk, format: 'jwk' }) : createPublicKey({ key: jwk, format: 'jwk' })
}

/**
 * The Authorization header for one push request (RFC 8292): a JWT signed with ES256 for the push service's origin,
 * valid for 12 hours, and the public key to check it with.
 */
export function vapidAuthorization(endpoint: string, keys: VapidKeys, subject: string, nowMs: number): string {
  const header = b64url(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })))
  const claims = b64url(Buffer.from(JSON.stringify({ aud: new URL(endpoint).origin, exp: Math.floor(nowMs / 1000) + 12 * 3600, sub: subject })))
  const key = p256Key(fromB64url(keys.publicKey), fromB64url(keys.privateKey))
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' })
  return `vapid t=${header}.${claims}.${b64url(signature)}, k=${keys.publicKey}`
}

export interface SubscriptionKeys {
  /** The browser's P-256 public key, base64url of the 65-byte point. */
  p256dh: string
  /** The 16-byte authentication secret, base64url. */
  auth: string
}

const RECORD_SIZE = 4096

/**
 * Encrypts a payload for one subscription as a single aes128gcm record (RFC 8291 §3–4 over RFC 8188):
 * salt ‖ rs ‖ idlen ‖ keyid (the sender's ephemeral public key) ‖ ciphertext. `salt` and `senderPrivate` are for tests.
 */
export function encryptPayload(payload: Buffer, keys: SubscriptionKeys, fixed: { salt?: Buffer; senderPrivate?: Buffer } = {}): Buffer {
  const uaPublic = fromB64url(keys.p256dh)
  const authSecret = fromB64url(keys.auth)
  if (uaPublic.length !== 65 || uaPublic[0] !== 4) throw new Error('p256dh is not an uncompressed P-256 point')
  if (authSecret.length !== 16) throw new Error('auth is not 16 bytes')
  const ecdh = createECDH('prime256v1')
  if (fixed.senderPrivate) ecdh.setPrivateKey(fixed.senderPrivate)
  else ecdh.generateKeys()
  const asPublic = ecdh.getPublicKey()
  const salt = fixed.salt ?? randomBytes(16)
  const sharedSecret = ecdh.computeSecret(uaPublic)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic])
  const ikm = Buffer.from(hkdfSync('sha256', sharedSecret, authSecret, keyInfo, 32))
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16))
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12))
  // One record: the payload, then the last-record delimiter 0x02 (no padding).
  if (payload.length + 1 + 16 > RECORD_SIZE) throw new Error('the payload does not fit one record')
  const cipher = createCipheriv('aes-128-gcm', cek, nonce)
  const ciphertext = Buffer.concat([cipher.update(Buffer.concat([payload, Buffer.from([2])])), cipher.final(), cipher.getAuthTag()])
  const header = Buffer.alloc(21)
  salt.copy(header, 0)
  header.writeUInt32BE(RECORD_SIZE, 16)
  header.writeUInt8(asPublic.length, 20)
  return Buffer.concat([header, asPublic, ciphertext])
}
