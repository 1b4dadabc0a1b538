// Which failures count as "the disk is full", and the 507 they become.
import { describe, expect, it } from 'vitest'
import { diskFullError, isDiskFull } from './disk-full.js'
import { GatewayError } from './errors.js'

describe('isDiskFull', () => {
  it.each([
    ['SQLite: database or disk is full', { code: 'SQLITE_FULL' }, true],
    ['SQLite: WAL index cannot grow', { code: 'SQLITE_IOERR_SHMSIZE' }, true],
    ['fs: no space left', Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }), true],
    ['fs: quota', { code: 'EDQUOT' }, true],
    ['already DISK_FULL', new GatewayError('DISK_FULL'), true],
    ['SQLite busy', { code: 'SQLITE_BUSY' }, false],
    ['fs: permission', { code: 'EACCES' }, false],
    ['other gateway error', new GatewayError('INTERNAL'), false],
    ['null', null, false],
    ['a string', 'SQLITE_FULL', false],
  ])('%s → %s', (_name, error, full) => {
    expect(isDiskFull(error)).toBe(full)
  })

  it('becomes 507 DISK_FULL pointing at housekeeping', () => {
    const error = diskFullError({ code: 'SQLITE_FULL' })
    expect(error.toJSON()).toMatchObject({ error: 'DISK_FULL' })
    expect(error.status).toBe(507)
    expect(error.message).toContain('/api/housekeeping')
  })
})
