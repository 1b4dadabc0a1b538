// Tests the route-to-scope table: the mapping documented in the security report.
import { describe, expect, it } from 'vitest'
import { hasScope, isAnonymousReadable, parseScopes, requiredAccess } from './scopes.js'

describe('requiredAccess', () => {
  it.each([
    ['GET', '/api/auth/status', 'public'],
    ['POST', '/api/auth/pair', 'public'],
    ['POST', '/api/auth/pairing/request', 'public'],
    ['GET', '/', 'public'],
    ['GET', '/index.html', 'public'],
    ['GET', '/js/app.js', 'public'],
    ['GET', '/api/status/abc', 'read'],
    ['GET', '/api/workflows', 'read'],
    ['GET', '/api/printer', 'read'],
    ['GET', '/api/files', 'read'],
    ['GET', '/api/files/x/content', 'read'],
    ['GET', '/ws/progress', 'read'],
    ['GET', '/health', 'read'],
    ['GET', '/openapi.json', 'read'],
    ['GET', '/docs', 'read'],
    ['GET', '/api/version', 'read'],
    ['POST', '/api/login', 'read'],
    ['POST', '/api/print-request', 'control'],
    ['DELETE', '/api/workflows/abc', 'control'],
    ['POST', '/api/workflows/abc/pause', 'control'],
    ['POST', '/api/workflows/abc/resume', 'control'],
    ['POST', '/api/printer/connect', 'control'],
    ['POST', '/api/printer/disconnect', 'control'],
    ['POST', '/api/printer/emergency-stop', 'control'],
    ['POST', '/api/printer/bed-cleared', 'control'],
    ['POST', '/api/job', 'control'],
    ['POST', '/api/connection', 'control'],
    ['POST', '/api/files/local/cube.gcode', 'control'],
    ['POST', '/api/files', 'files'],
    ['POST', '/api/files/local', 'files'],
    ['POST', '/api/files/sdcard', 'files'],
    ['PUT', '/api/v1/files/local/a.gcode', 'files'],
    ['POST', '/server/files/upload', 'files'],
    ['DELETE', '/api/files/abc', 'files'],
    ['POST', '/api/printer/command', 'admin'],
    ['GET', '/api/printer/console', 'admin'],
    ['GET', '/api/printers', 'read'],
    ['GET', '/api/printers/mk3/status', 'read'],
    ['GET', '/api/printers/mk3/jobs', 'read'],
    ['GET', '/api/printers/mk3/console', 'admin'],
    ['POST', '/api/printers/mk3/command', 'admin'],
    ['POST', '/api/printers/mk3/pause', 'control'],
    ['POST', '/api/printers/mk3/cancel', 'control'],
    ['POST', '/api/printers/mk3/connect', 'control'],
    ['POST', '/api/printers/mk3/bed-cleared', 'control'],
    ['POST', '/api/printers/mk3/files/abc/print', 'control'],
    ['POST', '/api/printer/control', 'control'],
    ['POST', '/api/printers/mk3/control', 'control'],
    ['POST', '/api/printer/mk3/control', 'admin'],
    ['GET', '/api/auth/tokens', 'admin'],
    ['DELETE', '/api/auth/tokens/abc', 'admin'],
    ['POST', '/api/auth/pairing', 'admin'],
    ['POST', '/api/settings', 'admin'],
    ['POST', '/something/new', 'admin'],
    ['PUT', '/', 'admin'],
    ['PATCH', '/api/status/x', 'admin'],
    ['POST', '/api/print-request/', 'control'],
  ])('%s %s needs %s', (method, path, access) => expect(requiredAccess(method, path)).toBe(access))
})

describe('isAnonymousReadable', () => {
  it('allows status reads only', () => {
    expect(isAnonymousReadable('GET', '/api/printer')).toBe(true)
    expect(isAnonymousReadable('GET', '/api/status/x')).toBe(true)
    expect(isAnonymousReadable('GET', '/api/files')).toBe(false)
    expect(isAnonymousReadable('GET', '/api/files/x/content')).toBe(false)
    expect(isAnonymousReadable('POST', '/api/printer')).toBe(false)
  })
})

describe('hasScope / parseScopes', () => {
  it('checks grants', () => {
    expect(hasScope(['read'], 'control')).toBe(false)
    expect(hasScope(['read', 'control'], 'control')).toBe(true)
    expect(hasScope([], 'public')).toBe(true)
    expect(parseScopes('read,bogus,admin')).toEqual(['read', 'admin'])
  })
})
