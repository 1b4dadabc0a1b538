// Streams a file from disk as a response, with single byte ranges (video players seek with them).
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { GatewayError } from '../core/errors.js'

/** A 200 or 206 response for `path`; FILE_NOT_FOUND when it is missing. */
export async function fileResponse(path: string, contentType: string, rangeHeader: string | undefined): Promise<Response> {
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) throw new GatewayError('FILE_NOT_FOUND')
  const size = info.size
  const headers: Record<string, string> = { 'content-type': contentType, 'accept-ranges': 'bytes', 'cache-control': 'private, max-age=3600' }
  const range = /^bytes=(\d*)-(\d*)$/.exec(rangeHeader?.trim() ?? '')
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]))
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1
    if (start >= size || start > end) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } })
    const body = Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>
    return new Response(body, {
      status: 206,
      headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) },
    })
  }
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>
  return new Response(body, { status: 200, headers: { ...headers, 'content-length': String(size) } })
}
