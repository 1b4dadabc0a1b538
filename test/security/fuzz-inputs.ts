// Seeded generators of hostile HTTP requests, console lines, file names and WebSocket frames for the fuzz test.

import { createRandom, type Random } from '../../src/core/random.js'

export type Rng = Random
/** The shared seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export const createRng = createRandom

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!
const int = (rng: Rng, max: number) => Math.floor(rng() * max)

/** Characters Node lets through in a header value (tab, printable ASCII, latin-1 high half). */
export function headerValue(rng: Rng, max = 200): string {
  let s = ''
  const n = int(rng, max)
  for (let i = 0; i < n; i++) {
    const r = rng()
    s += r < 0.05 ? '\t' : r < 0.85 ? String.fromCharCode(0x20 + int(rng, 0x5f)) : String.fromCharCode(0x80 + int(rng, 0x80))
  }
  return s
}

export function randomBytes(rng: Rng, max: number): Buffer {
  const b = Buffer.alloc(int(rng, max))
  for (let i = 0; i < b.length; i++) b[i] = int(rng, 256)
  return b
}

export function randomText(rng: Rng, max: number): string {
  const alphabets = ['abcXYZ019 _-.', '\u0000\u0001\u001f\u007f', 'äöü€\u202e\ud83d\ude00', '{}[]":,\\/', '\n\r\t']
  let s = ''
  const n = int(rng, max)
  for (let i = 0; i < n; i++) s += pick(rng, [...pick(rng, alphabets)])
  return s
}

/** Any JSON value, sometimes deep, long or odd. */
export function randomJson(rng: Rng, depth = 0): unknown {
  const r = rng()
  if (depth > 6 || r < 0.3) return pick(rng, [null, true, false, 0, -1, 1e308, -0, 3.14, '', 'x'.repeat(int(rng, 3000)), randomText(rng, 40)])
  if (r < 0.6) return Array.from({ length: int(rng, 6) }, () => randomJson(rng, depth + 1))
  const keys = [
    'user_request',
    'file_id',
    'command',
    'commands',
    'code',
    'name',
    'scopes',
    'port',
    'baud',
    'profile',
    '__proto__',
    'constructor',
    'type',
    'job_id',
    randomText(rng, 10),
  ]
  const o: Record<string, unknown> = {}
  for (let i = int(rng, 6); i > 0; i--) o[pick(rng, keys)] = randomJson(rng, depth + 1)
  return o
}

export function randomBody(rng: Rng): string | Buffer | undefined {
  const r = rng()
  if (r < 0.15) return undefined
  if (r < 0.5) return JSON.stringify(randomJson(rng))
  if (r < 0.6) return '{"a":'.repeat(int(rng, 2000))
  if (r < 0.7) return JSON.stringify({ user_request: randomText(rng, 1200), printer_profile: randomText(rng, 20) })
  if (r < 0.8) return `{"code":"${int(rng, 1e6)}","name":${JSON.stringify(randomText(rng, 80))}}`
  if (r < 0.9) return randomBytes(rng, 4000)
  return 'x'.repeat(70_000 + int(rng, 10_000))
}

export const FILE_NAMES = [
  '../../etc/passwd',
  '..\\..\\win.ini',
  '/abs/path.gcode',
  'C:\\x.gcode',
  'a\u0000b.gcode',
  '.hidden.gcode',
  'con.gcode',
  'x'.repeat(300) + '.gcode',
  'ok.gcode',
  'model.stl',
  'evil.sh',
  'sp ace.gcode',
  '%2e%2e%2fescape.gcode',
  'dir/sub/file.gcode',
  '',
]

export function randomFileName(rng: Rng): string {
  return rng() < 0.7 ? pick(rng, FILE_NAMES) : randomText(rng, 60) + pick(rng, ['.gcode', '.stl', '', '.GCODE'])
}

/** A multipart upload with a hostile name and contents (G-code text, binary junk or an empty part). */
export function randomUpload(rng: Rng, wellFormed = false): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${int(rng, 1e9)}`
  const content = pick(rng, [Buffer.from('G28\nG1 X10 Y10\n'), randomBytes(rng, 3000), Buffer.alloc(0), Buffer.from(randomText(rng, 500))])
  const name = randomFileName(rng).replace(/"/g, '')
  const head =
    wellFormed || rng() < 0.9
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${wellFormed ? 'file' : pick(rng, ['file', 'file', 'path', 'x'])}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`
      : `--${boundary}\r\n${headerValue(rng, 100)}\r\n\r\n`
  const tail = wellFormed || rng() < 0.9 ? `\r\n--${boundary}--\r\n` : ''
  const contentType = wellFormed || rng() < 0.9 ? `multipart/form-data; boundary=${boundary}` : headerValue(rng, 60)
  return { body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(tail)]), contentType }
}

/** Console lines: junk the guard must refuse, and a few harmless commands that reach the printer. */
export function randomConsoleLine(rng: Rng): string {
  return pick(rng, [
    () => randomText(rng, 120),
    () => `M105${randomText(rng, 5)}`,
    () => `N${int(rng, 1000)} G1 X1*${int(rng, 255)}`,
    () => 'M110 N0',
    () => 'G1 X' + '9'.repeat(200),
    () => pick(rng, ['M105', 'M114', 'M115']),
    () => `M117 ${headerValue(rng, 40).replace(/[^\x20-\x7e]/g, '')}`,
    () => randomBytes(rng, 60).toString('latin1'),
    () => 'G28\nG1 Z-50',
  ])()
}

export const PATHS = [
  '/',
  '/health',
  '/openapi.json',
  '/docs',
  '/api/printer',
  '/api/printer/console',
  '/api/files',
  '/api/files/x',
  '/api/files/x/content',
  '/api/workflows',
  '/api/status/x',
  '/api/workflows/x/events',
  '/api/workflows/x/files/gcode',
  '/api/auth/status',
  '/api/auth/pair',
  '/api/auth/tokens',
  '/api/auth/tokens/x',
  '/api/auth/pairing',
  '/api/auth/logout',
  '/api/print-request',
  '/api/printer/command',
  '/api/printer/connect',
  '/api/printer/disconnect',
  '/api/printer/emergency-stop',
  '/api/printer/bed-cleared',
  '/api/workflows/x',
  '/api/workflows/x/pause',
  '/api/workflows/x/resume',
  '/api/files/local',
  '/api/v1/files/local/a.gcode',
  '/ws/progress',
  '/api/../api/printer',
  '/api/files/..%2f..%2fetc%2fpasswd',
  '/%00',
  '/api/status/' + 'x'.repeat(5000),
  '/api/%E0%A4%A',
  '//api//printer',
  '/api/printer?x=' + '%'.repeat(50),
  '/api/workflows?limit=-1&offset=abc&status_filter=%00',
]
