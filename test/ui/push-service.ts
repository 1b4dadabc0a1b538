// A local push service for tests: checks each request's VAPID header (RFC 8292) and decrypts its aes128gcm body (RFC 8291)
// with a subscription key pair made here, the way a browser's push service and the browser would.
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto'
import { createServer, type Server } from 'node:http'

export interface PushReceived {
  path: string
  headers: Record<string, string | string[] | undefined>
  /** The decrypted payload, parsed as JSON. */
  payload: { title: string; body: string; tag: string; url: string }
  /** The JWT claims, after the signature was checked against k. */
  claims: { aud: string; exp: number; sub: string }
  /** The VAPID public key the request was signed with. */
  k: string
}

export interface TestPushService {
  /** A subscription as PushSubscription.toJSON() gives it, for an endpoint on this service. */
  subscription(name: string): { endpoint: string; keys: { p256dh: string; auth: string } }
  received: PushReceived[]
  problems: string[]
  /** Answer the next requests for this path with this status (e.g. 410 Gone). */
  answer(path: string, status: number): void
  close(): Promise<void>
}

const b64 = (b: Buffer) => b.toString('base64url')

function checkVapid(header: string, endpointOrigin: string): { claims: PushReceived['claims']; k: string } {
  const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), ?k=([\w-]+)$/.exec(header)
  if (!match) throw new Error(`Authorization is not "vapid t=…, k=…": ${header}`)
  const [, h, c, s, k] = match as unknown as [string, string, string, string, string]
  const point = Buffer.from(k, 'base64url')
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) }, format: 'jwk' })
  if (!verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')))
    throw new Error('the VAPID signature does not verify')
  const head = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string }
  if (head.alg !== 'ES256') throw new Error(`alg ${head.alg}`)
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as PushReceived['claims']
  if (claims.aud !== endpointOrigin) throw new Error(`aud ${claims.aud} is not ${endpointOrigin}`)
  const now = Date.now() / 1000
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error(`exp ${claims.exp} is not within 24 h`)
  return { claims, k }
}

function decrypt(body: Buffer, ua: ECDH, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16)
  const idlen = body[20]!
  const asPublic = body.subarray(21, 21 + idlen)
  const sealed = body.subarray(21 + idlen)
  const secret = ua.computeSecret(asPublic)
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, Buffer.concat([Buffer.from('WebPush: info\0'), ua.getPublicKey(), asPublic]), 32))
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16))
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12))
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()])
  let end = plain.length - 1
  while (end >= 0 && plain[end] === 0) end--
  if (plain[end] !== 2) throw new Error('no last-record delimiter')
  return plain.subarray(0, end)
}

export async function startPushService(): Promise<TestPushService> {
  const clients = new Map<string, { ua: ECDH; auth: Buffer }>()
  const answers = new Map<string, number>()
  const received: PushReceived[] = []
  const problems: string[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = req.url ?? ''
      try {
        const client = clients.get(path)
        if (!client) throw new Error(`no subscription at ${path}`)
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`)
        if (!req.headers.ttl) throw new Error('no TTL header')
        const { claims, k } = checkVapid(String(req.headers.authorization ?? ''), `http://127.0.0.1:${port}`)
        const payload = JSON.parse(decrypt(Buffer.concat(chunks), client.ua, client.auth).toString()) as PushReceived['payload']
        received.push({ path, headers: req.headers, payload, claims, k })
        res.writeHead(answers.get(path) ?? 201).end()
      } catch (error) {
        problems.push(String(error))
        res.writeHead(400).end(String(error))
      }
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as { port: number }).port
  return {
    subscription(name) {
      const ua = createECDH('prime256v1')
      ua.generateKeys()
      const auth = randomBytes(16)
      clients.set(`/push/${name}`, { ua, auth })
      return { endpoint: `http://127.0.0.1:${port}/push/${name}`, keys: { p256dh: b64(ua.getPublicKey()), auth: b64(auth) } }
    },
    received,
    problems,
    answer: (path, status) => void answers.set(path, status),
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
