// Slow clients on the real gateway process with short configured deadlines: trickled headers and bodies are cut off, a slow authenticated upload is not.
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'

// The deadlines under test are 2 s; a close "well before 60 s" is polled for with a 30 s bound (the machine may be loaded).
const CLOSED_WITHIN_MS = 30_000
let gateway: GatewayProcess
let adminKey = ''
let port = 0

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'pg-slow-'))
  const config = join(work, 'printgate.yaml')
  // no loopback trust: the test's requests are as anonymous as a LAN device's
  writeFileSync(config, 'http:\n  headersTimeoutMs: 2000\n  idleTimeoutMs: 4000\nsecurity:\n  trustLoopback: false\n  bodyTimeoutMs: 2000\n')
  gateway = await startGatewayProcess({ dataDir: join(work, 'data'), env: { PRINTGATE_CONFIG: config, PRINTGATE_MDNS: '0' } })
  port = Number(new URL(gateway.baseUrl).port)
  adminKey = /admin API key (pg\.[0-9a-f]{16}\.[A-Za-z0-9_-]{43})/.exec(gateway.logs.join('\n'))?.[1] ?? ''
  expect(adminKey).not.toBe('')
})
afterAll(async () => {
  await gateway?.stop('SIGKILL')
})

/**
 * Sends `head` and then one byte of `trickle` every 300 ms for as long as the socket stays open (a slowloris);
 * resolves with what the gateway answered once it closes the socket, or rejects after `CLOSED_WITHIN_MS`.
 */
function trickle(head: string, byte = 'a'): Promise<{ answer: string }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1')
    let answer = ''
    let timer: NodeJS.Timeout | undefined
    const deadline = setTimeout(() => {
      clearInterval(timer)
      socket.destroy()
      reject(new Error(`the gateway kept a slow client for ${CLOSED_WITHIN_MS / 1000} s; answer so far: ${answer}`))
    }, CLOSED_WITHIN_MS)
    socket.on('connect', () => {
      socket.write(head)
      timer = setInterval(() => socket.writable && socket.write(byte), 300)
    })
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearInterval(timer)
      clearTimeout(deadline)
      resolve({ answer })
    })
  })
}

/** Sends one complete request and then nothing: resolves once the gateway closes the idle connection, rejects after `CLOSED_WITHIN_MS`. */
function idleAfterOneRequest(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1')
    const deadline = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the gateway kept an idle connection for ${CLOSED_WITHIN_MS / 1000} s`))
    }, CLOSED_WITHIN_MS)
    socket.on('connect', () => socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'))
    socket.on('data', () => undefined)
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(deadline)
      resolve()
    })
  })
}

describe('slow clients (headers 2 s, idle 4 s, bodies read into memory 2 s)', () => {
  it('closes a connection whose headers never end', async () => {
    const { answer } = await trickle('GET /api/printer HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'z')
    expect(answer).not.toMatch(/^HTTP\/1\.1 200/)
  }, 60_000)

  it('answers an unauthenticated upload 401 at once and closes it instead of reading its trickling body', async () => {
    const { answer } = await trickle(
      'POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n--b\r\n',
    )
    expect(answer).toMatch(/^HTTP\/1\.1 401/)
    expect(answer.toLowerCase()).toContain('connection: close')
  }, 60_000)

  it('cuts off a public JSON body that trickles in (pairing)', async () => {
    const { answer } = await trickle(
      'POST /api/auth/pair HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"code":"',
      '1',
    )
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/)
  }, 60_000)

  it('still takes a large authenticated upload that streams for longer than every one of those deadlines', async () => {
    const boundary = 'slowupload'
    const line = 'G1 X10 Y10 F3000\n'
    const chunk = Buffer.from(line.repeat(Math.floor((64 * 1024) / line.length)))
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="large.gcode"\r\nContent-Type: text/plain\r\n\r\n`)
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
    // The gateway's own timers say when the deadlines have passed: the upload streams (64 KiB every 40 ms, chunked) until
    // the gateway has closed a connection that trickled its headers, one that trickled a public body and one left idle,
    // all three opened after the upload began. Only then does it end.
    let sent = 0
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        `${gateway.baseUrl}/api/files`,
        { method: 'POST', headers: { 'x-api-key': adminKey, 'content-type': `multipart/form-data; boundary=${boundary}` } },
        (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      req.write(head)
      let deadlinesPassed = false
      const timer = setInterval(() => {
        if (deadlinesPassed) {
          clearInterval(timer)
          req.end(tail)
          return
        }
        req.write(chunk)
        if (++sent === 1)
          Promise.all([
            trickle('GET /api/printer HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'z'),
            trickle('POST /api/auth/pair HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"code":"', '1'),
            idleAfterOneRequest(),
          ]).then(
            () => (deadlinesPassed = true),
            (error: unknown) => (clearInterval(timer), req.destroy(), reject(error)),
          )
      }, 40)
    })
    expect(result.status, result.body).toBe(201)
    expect(JSON.parse(result.body)).toMatchObject({ name: 'large.gcode', size: chunk.length * sent })
  }, 120_000)
})
