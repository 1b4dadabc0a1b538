// Recognises "the disk is full" failures from SQLite and the file system, and names them DISK_FULL (507).
import { GatewayError, isGatewayError } from './errors.js'

/** SQLite's and the kernel's codes for "no space left" (a WAL index that cannot grow on a full tmpfs counts). */
const FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC', 'EDQUOT'])

export function isDiskFull(error: unknown): boolean {
  if (isGatewayError(error, 'DISK_FULL')) return true
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && FULL_CODES.has(code)
}

export function diskFullError(cause: unknown, what = 'The data disk is full'): GatewayError {
  return new GatewayError('DISK_FULL', `${what}: free space with GET /api/housekeeping (delete old files or timelapses) and try again`, { cause })
}
