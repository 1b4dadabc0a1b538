// Tests credential storage: hashes only, verification, expiry and immediate revocation (with child sessions).
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../storage/db.js'
import { hashToken, tokenId, tokenMatchesHash } from './token-codec.js'
import { createTokenStore } from './token-store.js'

let db: Db | undefined
afterEach(() => db?.close())

function setup() {
  let t = Date.parse('2026-01-01T00:00:00Z')
  db = openDatabase(':memory:')
  const store = createTokenStore(db, () => new Date(t))
  return { store, db, advance: (ms: number) => (t += ms) }
}

describe('token codec', () => {
  it('parses its own format and rejects others', () => {
    expect(tokenId('pg.0123456789abcdef.' + 'A'.repeat(43))).toBe('0123456789abcdef')
    expect(tokenId('pg.0123456789abcdef.' + 'A'.repeat(42))).toBeUndefined()
    expect(tokenId('hello')).toBeUndefined()
    expect(tokenMatchesHash('abc', hashToken('abc'))).toBe(true)
    expect(tokenMatchesHash('abd', hashToken('abc'))).toBe(false)
    expect(tokenMatchesHash('abc', 'zz')).toBe(false)
  })
})

describe('token store', () => {
  it('stores only the hash and verifies the secret', () => {
    const { store, db } = setup()
    const { token, record } = store.issue({ kind: 'device', name: 'phone', scopes: ['read', 'control'] })
    const stored = db.prepare('SELECT * FROM auth_tokens').all() as Record<string, unknown>[]
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[2])
    expect(stored[0]!.token_hash).toBe(hashToken(token))
    expect(store.verify(token)).toMatchObject({ id: record.id, name: 'phone', scopes: ['read', 'control'] })
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    expect(store.verify(forged)).toBeNull()
    expect(store.verify('')).toBeNull()
    expect(store.verify('pg.ffffffffffffffff.' + 'x'.repeat(43))).toBeNull()
  })

  it('revokes at once, sessions issued with a device included', () => {
    const { store } = setup()
    const device = store.issue({ kind: 'device', name: 'phone', scopes: ['read'] })
    const session = store.issue({ kind: 'session', name: 'phone', scopes: ['read'], parentId: device.record.id })
    const other = store.issue({ kind: 'key', name: 'slicer', scopes: ['files'] })
    expect(store.revoke(device.record.id)).toBe(true)
    expect(store.verify(device.token)).toBeNull()
    expect(store.verify(session.token)).toBeNull()
    expect(store.verify(other.token)).not.toBeNull()
    expect(store.revoke(device.record.id)).toBe(false)
    expect(store.list().map((r) => r.name)).toEqual(['slicer'])
  })

  it('expires tokens with a lifetime', () => {
    const { store, advance } = setup()
    const { token } = store.issue({ kind: 'session', name: 'browser', scopes: ['read'], ttlMs: 1000 })
    expect(store.verify(token)).not.toBeNull()
    advance(1001)
    expect(store.verify(token)).toBeNull()
  })

  it('counts live admin keys and records last use', () => {
    const { store, advance } = setup()
    expect(store.countLive('admin')).toBe(0)
    const { token } = store.issue({ kind: 'admin', name: 'admin', scopes: ['read', 'control', 'files', 'admin'] })
    expect(store.countLive('admin')).toBe(1)
    advance(5000)
    expect(store.verify(token)?.lastUsedAt).toBe('2026-01-01T00:00:05.000Z')
  })
})
