// Normalises a client-supplied file name or relative path so it stays inside a storage root.
import { GatewayError } from '../core/errors.js'

const MAX_SEGMENT = 200
const MAX_PATH = 1000
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i

/**
 * Returns a safe relative path (segments joined by `/`) for `name`: backslashes become `/`, empty
 * and `.` segments go, control characters are refused. Throws GatewayError FILE_NAME_INVALID for
 * `..`, absolute paths (`/x`, `C:\x`, `\\server`), NUL or other control characters, reserved or
 * over-long names, and names that are empty after normalising.
 * @example safeFileName('models\\cube.gcode') // 'models/cube.gcode'
 */
export function safeFileName(name: string): string {
  const refuse = (why: string): never => {
    throw new GatewayError('FILE_NAME_INVALID', `The file name is not allowed: ${why}`, { detail: { name: name.slice(0, 200) } })
  }
  if (typeof name !== 'string') return refuse('not a string')
  const normalised = name.normalize('NFC')
  if (normalised.length > MAX_PATH) refuse('too long')
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(normalised)) refuse('control characters')
  const unified = normalised.replace(/\\/g, '/')
  if (unified.startsWith('/') || /^[a-zA-Z]:/.test(unified)) refuse('absolute path')
  const segments = unified
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '.')
  if (segments.length === 0) refuse('empty')
  for (const segment of segments) {
    if (segment === '..' || /^\.+$/.test(segment)) refuse('parent directory')
    if (segment.length > MAX_SEGMENT) refuse('segment too long')
    if (WINDOWS_RESERVED.test(segment)) refuse('reserved name')
    if (/[<>:"|?*]/.test(segment)) refuse('reserved character')
  }
  const last = segments[segments.length - 1]!
  if (last.startsWith('.')) refuse('hidden file')
  return segments.join('/')
}
