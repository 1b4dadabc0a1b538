// Streams one multipart `file` part to disk with @fastify/busboy: size cap, SHA-256, name and content checks.
import { Busboy, type BusboyInstance } from '@fastify/busboy'
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { diskFullError, isDiskFull } from '../core/disk-full.js'
import { GatewayError } from '../core/errors.js'

export type UploadKind = 'gcode' | 'stl'

export interface ReceivedUpload {
  tempPath: string
  name: string
  kind: UploadKind
  size: number
  sha256: string
  fields: Record<string, string>
}

const KINDS: Record<string, UploadKind> = { gcode: 'gcode', gco: 'gcode', g: 'gcode', stl: 'stl' }

/** A plain file name: no path parts, no control characters, a known extension. */
export function checkFileName(raw: string | undefined): { name: string; kind: UploadKind } {
  const name = (raw ?? '').normalize('NFC').trim()
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > 200 || /[/\\\x00-\x1f\x7f]/.test(name) || name.startsWith('.')) {
    throw new GatewayError('FILE_NAME_INVALID', `The file name ${JSON.stringify(raw ?? '')} is not allowed: use a plain name like part.gcode`)
  }
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : ''
  const kind = KINDS[ext]
  if (!kind) throw new GatewayError('FILE_TYPE_UNSUPPORTED', `"${name}" is not a G-code (.gcode) or STL (.stl) file`)
  return { name, kind }
}

/** True when the first bytes look like text G-code: no NUL and almost no other control bytes. */
export function looksLikeText(head: Buffer): boolean {
  let odd = 0
  for (const byte of head) {
    if (byte === 0) return false
    if (byte < 9 || (byte > 13 && byte < 32) || byte === 127) odd++
  }
  return odd <= head.length * 0.01
}

function checkStl(head: Buffer, size: number): boolean {
  if (head.subarray(0, 5).toString('latin1').toLowerCase() === 'solid' && looksLikeText(head.subarray(0, 1024))) return true
  if (size < 84 || head.length < 84) return false
  const triangles = head.readUInt32LE(80)
  return size === 84 + triangles * 50
}

/** Temporary files of uploads still being received (never removed as leftovers). */
const receiving = new Set<string>()
const UPLOAD_PART = /^\.upload-[0-9a-f-]{36}\.part$/

/**
 * Removes `.upload-*.part` files a killed gateway left behind in `dir`: all of them at start
 * (`olderThanMs` 0), or in housekeeping those untouched for `olderThanMs` and not being received now.
 */
export async function removeUploadLeftovers(
  dir: string,
  { olderThanMs = 0, now = Date.now }: { olderThanMs?: number; now?: () => number } = {},
): Promise<{ path: string; bytes: number }[]> {
  const removed: { path: string; bytes: number }[] = []
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    const path = join(dir, name)
    if (!UPLOAD_PART.test(name) || receiving.has(path)) continue
    const info = await stat(path).catch(() => null)
    if (!info?.isFile() || now() - info.mtimeMs < olderThanMs) continue
    await rm(path, { force: true })
    removed.push({ path, bytes: info.size })
  }
  return removed
}

export async function receiveUpload(o: { source: Readable; contentType: string; dir: string; maxBytes: number }): Promise<ReceivedUpload> {
  await mkdir(o.dir, { recursive: true })
  const tempPath = join(o.dir, `.upload-${randomUUID()}.part`)
  const fields: Record<string, string> = {}
  let parser: BusboyInstance
  try {
    parser = Busboy({
      headers: { 'content-type': o.contentType },
      preservePath: true,
      limits: { fileSize: o.maxBytes, files: 1, fields: 20, parts: 25, fieldSize: 4096 },
    })
  } catch (cause) {
    throw new GatewayError('BAD_REQUEST', 'The multipart body is malformed', { cause })
  }
  receiving.add(tempPath)
  return new Promise<ReceivedUpload>((resolvePromise, reject) => {
    const settle = () => {
      settled = true
      receiving.delete(tempPath)
    }
    let settled = false
    let filePart: Promise<Omit<ReceivedUpload, 'fields'>> | null = null
    const fail = (error: unknown) => {
      if (settled) return
      settle()
      o.source.unpipe(parser)
      o.source.resume()
      void rm(tempPath, { force: true })
      reject(
        error instanceof GatewayError
          ? error
          : isDiskFull(error)
            ? diskFullError(error, 'The data disk is full; the upload was not kept')
            : new GatewayError('BAD_REQUEST', 'The multipart body is malformed', { cause: error }),
      )
    }
    parser.on('field', (name: string, value: string) => {
      fields[name] = value
    })
    parser.on('file', (field: string, stream: Readable & { truncated?: boolean }, rawName: string) => {
      if (field !== 'file' || filePart) {
        stream.resume()
        return
      }
      let checked: { name: string; kind: UploadKind }
      try {
        checked = checkFileName(rawName)
      } catch (error) {
        stream.resume()
        fail(error)
        return
      }
      filePart = new Promise((done, failPart) => {
        const hash = createHash('sha256')
        const out = createWriteStream(tempPath)
        let size = 0
        let head = Buffer.alloc(0)
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length
          hash.update(chunk)
          if (head.length < 65536) {
            head = Buffer.concat([head, chunk.subarray(0, 65536 - head.length)])
            if (checked.kind === 'gcode' && !looksLikeText(head)) {
              stream.unpipe(out)
              out.destroy()
              failPart(new GatewayError('FILE_CONTENT_INVALID', `"${checked.name}" is binary data, not G-code text`))
            }
          }
        })
        stream.on('limit', () => failPart(new GatewayError('PAYLOAD_TOO_LARGE', `The file is larger than the ${o.maxBytes} byte limit`)))
        stream.on('error', failPart)
        out.on('error', failPart)
        out.on('finish', () => {
          if (stream.truncated) return failPart(new GatewayError('PAYLOAD_TOO_LARGE', `The file is larger than the ${o.maxBytes} byte limit`))
          if (size === 0) return failPart(new GatewayError('FILE_CONTENT_INVALID', 'The file is empty'))
          if (checked.kind === 'stl' && !checkStl(head, size))
            return failPart(new GatewayError('FILE_CONTENT_INVALID', `"${checked.name}" is not a valid STL file`))
          done({ tempPath, name: checked.name, kind: checked.kind, size, sha256: hash.digest('hex') })
        })
        stream.pipe(out)
      })
      filePart.catch(fail)
    })
    parser.on('error', fail)
    parser.on('finish', () => {
      if (!filePart)
        return fail(new GatewayError('VALIDATION_FAILED', 'The multipart field "file" is missing', { detail: [{ field: 'file', msg: 'Field required' }] }))
      filePart.then((file) => {
        if (settled) return
        settle()
        resolvePromise({ ...file, fields })
      }, fail)
    })
    o.source.on('error', fail)
    o.source.pipe(parser)
  })
}
