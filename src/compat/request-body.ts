// Reads an upload request's body as a Node stream, and turns a raw PUT body into a one-file multipart stream.
import type { IncomingMessage } from 'node:http'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Context } from 'hono'
import { GatewayError } from '../core/errors.js'

export type NodeBindings = { incoming?: IncomingMessage }

/** The request body as a stream: Node's own request when served by @hono/node-server, else the web stream. */
export function bodySource(c: Context<{ Bindings: NodeBindings }>): Readable {
  const incoming = c.env?.incoming
  if (incoming) return incoming
  if (c.req.raw.body) return Readable.fromWeb(c.req.raw.body as never)
  throw new GatewayError('VALIDATION_FAILED', 'The request has no body', { detail: [{ field: 'file', msg: 'Field required' }] })
}

/** 413 early when the declared length is already over the upload limit (plus room for multipart framing). */
export function checkDeclaredLength(c: Context, maxBytes: number): void {
  const declared = Number(c.req.header('content-length') ?? NaN)
  if (declared > maxBytes + 64 * 1024) throw new GatewayError('PAYLOAD_TOO_LARGE', `The upload is larger than the ${maxBytes} byte limit`)
}

/**
 * Wraps a raw body (PrusaLink's PUT) as a multipart stream with one `file` part and plain fields, so it
 * goes through the gateway's one multipart receiver (size cap, SHA-256, text check). The file name is
 * sent RFC 5987-encoded so any UTF-8 name survives.
 */
export function rawBodyAsMultipart(source: Readable, fileName: string, fields: Record<string, string> = {}): { stream: Readable; contentType: string } {
  const boundary = `printgate-${randomBytes(16).toString('hex')}`
  let head = ''
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=utf-8''${encodeURIComponent(fileName)}\r\n`
  head += 'Content-Type: application/octet-stream\r\n\r\n'
  const tail = `\r\n--${boundary}--\r\n`
  async function* frame() {
    yield Buffer.from(head, 'utf8')
    for await (const chunk of source) yield chunk as Buffer
    yield Buffer.from(tail, 'utf8')
  }
  return { stream: Readable.from(frame()), contentType: `multipart/form-data; boundary=${boundary}` }
}
