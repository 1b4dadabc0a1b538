// Fuzz: thousands of hostile requests, uploads, console lines and WebSocket frames while the simulator prints.
import http from 'node:http'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  createRng,
  headerValue,
  pick,
  randomBody,
  randomBytes,
  randomConsoleLine,
  randomJson,
  randomText,
  randomUpload,
  PATHS,
  type Rng,
} from './fuzz-inputs.js'
import { LAN_PEER, PEER_HEADER, startSecureGateway, until, type SecureGateway } from './secure-gateway.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261126)
const MIN_REQUESTS = 3000
const CONCURRENCY = 8

let gw: SecureGateway
let agent: http.Agent
beforeAll(async () => {
  gw = await startSecureGateway({ autoStart: false })
  agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
})
afterAll(async () => {
  agent?.destroy()
  await gw?.close()
})

interface Outcome {
  status: number | 'reset' | 'client-refused'
  method: string
  path: string
}

function send(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    let req: http.ClientRequest
    try {
      req = http.request({ host: '127.0.0.1', port: gw.port, method, path, headers, agent, timeout: 15_000 })
    } catch {
      return resolve({ status: 'client-refused', method, path })
    }
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, method, path }))
      res.on('error', () => resolve({ status: res.statusCode ?? 0, method, path }))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (e) => resolve({ status: e.message === 'timeout' ? 599 : 'reset', method, path }))
    if (body !== undefined) req.end(body)
    else req.end()
  })
}

interface Tokens {
  readFiles: string
  control: string
  session: string
}

function hostileRequest(rng: Rng, tokens: Tokens): { method: string; path: string; headers: Record<string, string>; body?: string | Buffer } {
  const headers: Record<string, string> = {}
  const peer = rng()
  headers[PEER_HEADER] = peer < 0.85 ? LAN_PEER : peer < 0.95 ? pick(rng, ['8.8.8.8', '2001:db8::5', '::ffff:1.2.3.4']) : headerValue(rng, 30)
  // A control token only on the console and print-request routes: elsewhere it could end the print on purpose.
  if (rng() < 0.12) {
    headers['x-api-key'] = tokens.control
    headers['content-type'] = 'application/json'
    const onConsole = rng() < 0.8
    const body = onConsole
      ? JSON.stringify(rng() < 0.7 ? { command: randomConsoleLine(rng) } : { commands: [randomConsoleLine(rng), randomConsoleLine(rng)] })
      : JSON.stringify(rng() < 0.5 ? randomJson(rng) : { user_request: randomText(rng, 300) })
    return { method: 'POST', path: onConsole ? '/api/printer/command' : '/api/print-request', headers, body }
  }
  const credential = pick(rng, ['none', 'none', 'key', 'bearer', 'cookie', 'junk-key', 'empty-key', 'basic', 'junk-bearer', 'junk-cookie'])
  if (credential === 'key') headers['x-api-key'] = tokens.readFiles
  if (credential === 'bearer') headers.authorization = `Bearer ${tokens.readFiles}`
  if (credential === 'cookie') headers.cookie = `printgate_session=${tokens.session}`
  if (credential === 'junk-key') headers['x-api-key'] = headerValue(rng, 80)
  if (credential === 'empty-key') headers['x-api-key'] = ''
  if (credential === 'basic') headers.authorization = `Basic ${headerValue(rng, 40)}`
  if (credential === 'junk-bearer') headers.authorization = `Bearer pg.${headerValue(rng, 70)}`
  if (credential === 'junk-cookie') headers.cookie = `printgate_session=${headerValue(rng, 80)}; ${headerValue(rng, 40)}`
  if (rng() < 0.3) headers.origin = pick(rng, ['http://evil.example', 'null', `http://127.0.0.1:${gw.port}`, headerValue(rng, 40)])
  if (rng() < 0.3) headers['sec-fetch-site'] = pick(rng, ['cross-site', 'same-site', 'same-origin', 'none', headerValue(rng, 12)])
  if (rng() < 0.1) headers['x-forwarded-for'] = headerValue(rng, 60)
  if (rng() < 0.05) headers.upgrade = 'websocket'
  if (rng() < 0.05) headers.host = headerValue(rng, 40)
  if (rng() < 0.1) headers[`x-${headerValue(rng, 10).replace(/[^a-z]/gi, '') || 'a'}`] = headerValue(rng, 100)
  const method = pick(rng, ['GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])
  let path = pick(rng, PATHS)
  if (rng() < 0.1) path += `/${encodeURIComponent(randomText(rng, 30))}`
  // Destructive control routes only ever get a non-control credential here, so they must all be refused.
  let body: string | Buffer | undefined
  if (method !== 'GET' && method !== 'HEAD') {
    if (/\/files(\/local)?$/.test(path) && method === 'POST' && rng() < 0.6) {
      const upload = randomUpload(rng)
      headers['content-type'] = upload.contentType
      body = upload.body
    } else {
      headers['content-type'] ??= pick(rng, [
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data',
        headerValue(rng, 30),
      ])
      body = randomBody(rng)
    }
  }
  return { method, path, headers, body }
}

async function fuzzWebSockets(rng: Rng, token: string, rounds: number): Promise<{ opened: number; refused: number; frames: number; closedTooBig: number }> {
  const stats = { opened: 0, refused: 0, frames: 0, closedTooBig: 0 }
  for (let i = 0; i < rounds; i++) {
    const authenticated = rng() < 0.7
    const headers: Record<string, string> = { [PEER_HEADER]: LAN_PEER, ...(authenticated ? { authorization: `Bearer ${token}` } : {}) }
    if (rng() < 0.2) headers.origin = pick(rng, ['http://evil.example', `http://127.0.0.1:${gw.port}`])
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`${gw.wsUrl}/ws/progress${rng() < 0.3 ? `?job_id=${encodeURIComponent(randomText(rng, 20))}` : ''}`, { headers })
      ws.on('unexpected-response', (_req, res) => {
        stats.refused++
        expect(res.statusCode).toBeLessThan(500)
        res.resume()
        resolve()
      })
      ws.on('error', () => resolve())
      ws.on('close', (code) => {
        if (code === 1009) stats.closedTooBig++
        resolve()
      })
      ws.on('open', () => {
        stats.opened++
        const frames = 20 + Math.floor(rng() * 40)
        for (let f = 0; f < frames; f++) {
          stats.frames++
          const r = rng()
          if (r < 0.3) ws.send(randomText(rng, 200))
          else if (r < 0.6)
            ws.send(
              JSON.stringify(
                pick(rng, [
                  { type: 'ping' },
                  { type: 'subscribe', job_id: randomText(rng, 40) },
                  { type: 'subscribe', topic: 'printer' },
                  { type: 'unsubscribe' },
                  randomJson(rng),
                ]),
              ),
            )
          else if (r < 0.95) ws.send(randomBytes(rng, 2000))
          else ws.send(Buffer.alloc(70 * 1024, 1))
        }
        setTimeout(() => ws.close(), 20)
      })
    })
  }
  return stats
}

async function rawGarbage(rng: Rng, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) => {
      const socket = net.connect(gw.port, '127.0.0.1', () => {
        socket.write(rng() < 0.5 ? randomBytes(rng, 2000) : Buffer.from(`GET /${headerValue(rng, 50)} HTTP/1.1\r\n${headerValue(rng, 200)}\r\n\r\n`, 'latin1'))
        setTimeout(() => socket.destroy(), 10)
      })
      socket.on('error', () => undefined)
      socket.on('close', () => resolve())
    })
  }
}

/** Hostile file names through the gateway's own upload route, with a files-scoped key. */
async function fuzzFileNames(rng: Rng, key: string, count: number, outcomes: Outcome[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const upload = randomUpload(rng, true)
    outcomes.push(await send('POST', '/api/files', { [PEER_HEADER]: LAN_PEER, 'x-api-key': key, 'content-type': upload.contentType }, upload.body))
  }
}

/** The admin-only /api/auth routes with an admin key: junk ids, bodies and methods (nothing here can stop a print). */
async function fuzzAuthRoutes(rng: Rng, adminKey: string, count: number, outcomes: Outcome[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const path = pick(rng, [
      '/api/auth/tokens',
      `/api/auth/tokens/${encodeURIComponent(randomText(rng, 20))}`,
      `/api/auth/tokens/${pick(rng, ['%', '%E0%A4%A', '0123456789abcdef', '..%2f..'])}`,
      '/api/auth/pairing',
      '/api/auth/status',
      '/api/auth/logout',
    ])
    const method = pick(rng, ['GET', 'POST', 'DELETE', 'PUT'])
    const headers = { [PEER_HEADER]: LAN_PEER, 'x-api-key': adminKey, 'content-type': 'application/json' }
    outcomes.push(
      await send(
        method,
        path,
        headers,
        method === 'GET'
          ? undefined
          : rng() < 0.5
            ? JSON.stringify(randomJson(rng))
            : JSON.stringify({ name: randomText(rng, 80), scopes: [pick(rng, ['read', 'admin', 'root', ''])] }),
      ),
    )
  }
}

const HARMLESS_CONSOLE = /^(M105|M114|M115|M117|M155)(?!\d)/

describe('fuzzing the running gateway while it prints', () => {
  it('answers every hostile input with < 500, keeps running, and the print runs every line exactly once', async () => {
    const rng = createRng(SEED)
    gw.plan.controls.layers = 20
    gw.plan.controls.movesPerLayer = 100
    const readFiles = gw.security.store.issue({ kind: 'key', name: 'fuzz', scopes: ['read', 'files'] }).token
    const control = gw.security.store.issue({ kind: 'key', name: 'fuzz-control', scopes: ['read', 'control'] }).token
    const session = gw.security.store.issue({ kind: 'session', name: 'fuzz-cookie', scopes: ['read', 'files'] }).token
    const tokens = { readFiles, control, session }

    const created = (await (
      await fetch(`${gw.baseUrl}/api/print-request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_request: 'Print a 20 mm cube for the fuzz run' }),
      })
    ).json()) as { job_id: string }
    const status = async () => ((await (await fetch(`${gw.baseUrl}/api/status/${created.job_id}`)).json()) as { status: string }).status
    await until(async () => (await status()) === 'printing_phase', 15_000, 'printing')

    const outcomes: Outcome[] = []
    let duringPrint = 0
    let printing = true
    const watcher = (async () => {
      await until(async () => ['completed', 'failed', 'cancelled', 'interrupted'].includes(await status()), 90_000, 'print end')
      printing = false
    })()
    const worker = async () => {
      while (outcomes.length < MIN_REQUESTS || printing) {
        const r = hostileRequest(rng, tokens)
        const outcome = await send(r.method, r.path, r.headers, r.body)
        outcomes.push(outcome)
        if (printing) duringPrint++
      }
    }
    const uploads: Outcome[] = []
    const [, , ws] = await Promise.all([
      Promise.all(Array.from({ length: CONCURRENCY }, worker)),
      rawGarbage(createRng(SEED + 3), 40),
      fuzzWebSockets(createRng(SEED + 2), readFiles, 80),
      fuzzFileNames(createRng(SEED + 1), readFiles, 800, uploads),
      fuzzAuthRoutes(createRng(SEED + 4), gw.adminKey, 300, uploads),
      watcher,
    ])
    outcomes.push(...uploads)

    const serverErrors = outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500)
    expect(serverErrors).toEqual([])
    expect(outcomes.length).toBeGreaterThanOrEqual(MIN_REQUESTS)
    expect(duringPrint).toBeGreaterThan(500)
    const counts = outcomes.reduce<Record<string, number>>((m, o) => ((m[String(o.status)] = (m[String(o.status)] ?? 0) + 1), m), {})
    console.info('fuzz outcomes by status', counts, 'websocket', ws, 'during print', duringPrint)
    expect(counts['401']).toBeGreaterThan(100)
    expect(counts['403']).toBeGreaterThan(100)
    expect(ws.opened).toBeGreaterThan(5)
    expect(ws.refused).toBeGreaterThan(5)

    // Stored names are plain names: no folders, no parent references, no control characters.
    const stored = (await (await fetch(`${gw.baseUrl}/api/files`)).json()) as { name: string }[]
    expect(uploads.filter((o) => o.status === 201 && o.path === '/api/files').length).toBeGreaterThan(20)
    expect(stored.length).toBeGreaterThan(20)
    for (const { name } of stored) expect(name).toMatch(/^[^/\\\x00-\x1f]+$/)
    expect(stored.filter(({ name }) => name.includes('..') || name.startsWith('.'))).toEqual([])
    expect(ws.frames).toBeGreaterThan(1500)

    // Still alive, and the print: completed, every job line executed once, in order.
    expect((await fetch(`${gw.baseUrl}/health`)).status).toBe(200)
    expect(await status()).toBe('completed')
    const gcode = await (await fetch(`${gw.baseUrl}/api/workflows/${created.job_id}/files/gcode`)).text()
    const expected = gcode
      .split('\n')
      .map((l) => l.replace(/;.*$/, '').trim())
      .filter(Boolean)
    const sim = [...gw.sim.ports.values()][0]!
    const transcript = sim.transcript.map((e) => e.command)
    const start = transcript.lastIndexOf('M110 N0') >= 0 ? transcript.lastIndexOf('M110 N0') : transcript.findLastIndex((c) => c.startsWith('M110'))
    const executed = transcript.slice(start + 1).filter((c) => !HARMLESS_CONSOLE.test(c))
    expect(expected.length).toBeGreaterThan(2000)
    expect(executed).toEqual(expected)
  }, 120_000)

  it('answers hostile bodies on every route with < 500 even with an admin key (after the print)', async () => {
    const rng = createRng(SEED + 5)
    const outcomes: Outcome[] = []
    const worker = async () => {
      while (outcomes.length < 1500) {
        const method = pick(rng, ['GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH'])
        let path = pick(rng, PATHS)
        if (rng() < 0.3) path = path.replace(/\/x(\/|$)/, `/${encodeURIComponent(randomText(rng, 40)) || 'y'}$1`)
        const headers: Record<string, string> = {
          [PEER_HEADER]: LAN_PEER,
          'x-api-key': gw.adminKey,
          'content-type': pick(rng, ['application/json', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', headerValue(rng, 20)]),
        }
        outcomes.push(await send(method, path, headers, method === 'GET' ? undefined : randomBody(rng)))
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    const serverErrors = outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500)
    console.info(
      'admin fuzz by status',
      outcomes.reduce<Record<string, number>>((m, o) => ((m[String(o.status)] = (m[String(o.status)] ?? 0) + 1), m), {}),
      'printer 5xx',
      serverErrors.map((o) => `${o.status} ${o.method} ${o.path}`),
    )
    expect(serverErrors.filter((o) => !(o.status === 502 || o.status === 504) || !o.path.startsWith('/api/printer'))).toEqual([])
    expect((await fetch(`${gw.baseUrl}/health`)).status).toBe(200)
  }, 120_000)

  it('answers non-ASCII pairing codes and deeply nested JSON with 4xx and a stable code', async () => {
    const { ERROR_CODES } = await import('../../src/core/errors.js')
    const outcomes: { what: string; status: number; error: string }[] = []
    const post = async (what: string, path: string, body: string, key?: string) => {
      const res = await fetch(`${gw.baseUrl}${path}`, {
        method: 'POST',
        headers: { [PEER_HEADER]: LAN_PEER, 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        body,
      })
      outcomes.push({ what, status: res.status, error: ((await res.json().catch(() => ({}))) as { error?: string }).error ?? '' })
    }
    gw.security.pairing.start()
    for (const code of ['é', '１２３４５６', '١٢٣٤٥٦', '\u0000', '😀😀😀', 'ä'.repeat(32), '12345\u0301', '']) {
      await post(`pair ${JSON.stringify(code)}`, '/api/auth/pair', JSON.stringify({ code, name: 'phone' }))
    }
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
    for (const depth of [5_000, 20_000]) {
      await post(`metadata ${depth}`, '/api/print-request', `{"user_request":"a 20 mm cube","metadata":${nested(depth)}}`, gw.adminKey)
      await post(`console ${depth}`, '/api/printer/command', `{"command":${deepArray(depth)}}`, gw.adminKey)
      await post(`pair ${depth}`, '/api/auth/pair', `{"code":${deepArray(depth)},"name":"x"}`)
      await post(`token ${depth}`, '/api/auth/tokens', `{"name":"x","scopes":${deepArray(depth)}}`, gw.adminKey)
      await post(`octoprint ${depth}`, '/api/job', `{"command":${nested(depth)}}`, gw.adminKey)
    }
    for (const o of outcomes) {
      expect(o.status, o.what).toBeGreaterThanOrEqual(400)
      expect(o.status, o.what).toBeLessThan(500)
      expect(Object.keys(ERROR_CODES), o.what).toContain(o.error)
    }
    expect((await fetch(`${gw.baseUrl}/health`)).status).toBe(200)
  })
})
