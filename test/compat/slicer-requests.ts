// Builds the exact requests desktop slicers send (headers, multipart layout, field order) and replays them over a raw socket.

import net from 'node:net'

export interface Part {
  name: string
  value: string | Buffer
  filename?: string
  contentType?: string
}

/** A multipart body laid out the way libcurl (PrusaSlicer) and Qt (Cura) lay it out. */
export function multipart(parts: Part[], boundary: string): Buffer {
  const chunks: Buffer[] = []
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`
    if (p.filename !== undefined) head += `; filename="${p.filename}"`
    head += '\r\n'
    if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`
    chunks.push(Buffer.from(head + '\r\n'), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(chunks)
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** True when the server answered `100 Continue` before the final response. */
  continued: boolean
}

/**
 * Sends one HTTP/1.1 request over a fresh socket. With `expectContinue` the body is held back
 * until the server says `100 Continue` (as libcurl does for large POSTs), or 1 s passes.
 */
export function rawRequest(
  port: number,
  head: { method: string; path: string; headers: Record<string, string> },
  body: Buffer = Buffer.alloc(0),
  expectContinue = false,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let continued = false
    let bodySent = false
    const headers: Record<string, string> = { Host: `127.0.0.1:${port}`, ...head.headers, 'Content-Length': String(body.length) }
    if (expectContinue) headers.Expect = '100-continue'
    const sendBody = () => {
      if (bodySent) return
      bodySent = true
      socket.write(body)
    }
    socket.on('connect', () => {
      const lines = [`${head.method} ${head.path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', '']
      socket.write(lines.join('\r\n'))
      if (!expectContinue) sendBody()
      else setTimeout(sendBody, 1000).unref()
    })
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
      const text = received.toString('latin1')
      if (!bodySent && text.startsWith('HTTP/1.1 100')) {
        const end = text.indexOf('\r\n\r\n')
        if (end >= 0) {
          continued = true
          received = received.subarray(end + 4)
          sendBody()
        }
      }
    })
    socket.on('error', reject)
    socket.on('close', () => {
      const text = received.toString('utf8')
      const split = text.indexOf('\r\n\r\n')
      const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n')
      const out: Record<string, string> = {}
      for (const l of headerLines) {
        const i = l.indexOf(':')
        if (i > 0) out[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim()
      }
      let bodyText = text.slice(split + 4)
      if (out['transfer-encoding'] === 'chunked') bodyText = dechunk(bodyText)
      resolve({ status: Number(statusLine.split(' ')[1]), headers: out, body: bodyText, continued })
    })
  })
}

function dechunk(s: string): string {
  let out = ''
  let rest = s
  for (;;) {
    const nl = rest.indexOf('\r\n')
    if (nl < 0) break
    const size = parseInt(rest.slice(0, nl), 16)
    if (!size) break
    out += rest.slice(nl + 2, nl + 2 + size)
    rest = rest.slice(nl + 2 + size + 2)
  }
  return out
}

/** PrusaSlicer 2.x "Upload and print" to an OctoPrint host: print, path, file (libcurl form order). */
export function prusaSlicerOctoPrintUpload(key: string, fileName: string, gcode: Buffer, print: boolean) {
  const boundary = '------------------------' + 'a1b2c3d4e5f60718'
  return {
    head: {
      method: 'POST',
      path: '/api/files/local',
      headers: {
        'User-Agent': 'PrusaSlicer/2.5.0',
        Accept: '*/*',
        'X-Api-Key': key,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
      },
    },
    body: multipart(
      [
        { name: 'print', value: print ? 'true' : 'false' },
        { name: 'path', value: '' },
        { name: 'file', value: gcode, filename: fileName, contentType: 'application/octet-stream' },
      ],
      boundary,
    ),
  }
}

/** Cura's OctoPrint plugin: path first (text/plain), then file, then select/print when it does not wait. */
export function curaUpload(key: string, fileName: string, gcode: Buffer, print: boolean) {
  const boundary = 'boundary_.oOo._MjQ1NTU2MjY4NTM5MTE2NDM3MTc='
  const parts: Part[] = [
    { name: 'path', value: '', contentType: 'text/plain' },
    { name: 'file', value: gcode, filename: fileName, contentType: 'application/octet-stream' },
  ]
  if (print) parts.push({ name: 'select', value: 'true', contentType: 'text/plain' }, { name: 'print', value: 'true', contentType: 'text/plain' })
  return {
    head: {
      method: 'POST',
      path: '/api/files/local',
      headers: {
        'User-Agent': 'Cura/5.7.0 OctoPrintPlugin/3.7.3',
        'X-Api-Key': key,
        Authorization: 'Basic dXNlcjpwYXNz',
        'Content-Type': `multipart/form-data; boundary="${boundary}"`,
      },
    },
    body: multipart(parts, boundary),
  }
}

/** PrusaSlicer's "Klipper (via Moonraker)" host: root, path only when set, print only when printing, file. */
export function prusaSlicerMoonrakerUpload(key: string | null, fileName: string, gcode: Buffer, print: boolean) {
  const boundary = '------------------------' + '0f1e2d3c4b5a6978'
  const parts: Part[] = [{ name: 'root', value: 'gcodes' }]
  if (print) parts.push({ name: 'print', value: 'true' })
  parts.push({ name: 'file', value: gcode, filename: fileName, contentType: 'application/octet-stream' })
  const headers: Record<string, string> = { 'User-Agent': 'PrusaSlicer/2.5.0', Accept: '*/*', 'Content-Type': `multipart/form-data; boundary=${boundary}` }
  if (key) headers['X-Api-Key'] = key
  return { head: { method: 'POST', path: '/server/files/upload', headers }, body: multipart(parts, boundary) }
}

/** PrusaSlicer's PrusaLink PUT upload (when /api/version advertises upload-by-put). */
export function prusaLinkPut(key: string, fileName: string, gcode: Buffer, print: boolean) {
  const headers: Record<string, string> = {
    'User-Agent': 'PrusaSlicer/2.5.0',
    Accept: '*/*',
    'X-Api-Key': key,
    'Content-Type': 'text/x.gcode',
    Overwrite: '?1',
  }
  if (print) headers['Print-After-Upload'] = '?1'
  return { head: { method: 'PUT', path: `/api/v1/files/local/${encodeURIComponent(fileName)}`, headers }, body: gcode }
}
