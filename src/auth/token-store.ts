// All SQL for credentials: issue, verify (constant-time), list and revoke API keys, device tokens and sessions.
import { isDiskFull } from '../core/disk-full.js'
import type { Db } from '../storage/db.js'
import { generateToken, hashToken, tokenId, tokenMatchesHash } from './token-codec.js'
import { parseScopes, type Scope } from './scopes.js'

export type TokenKind = 'admin' | 'device' | 'session' | 'key'

export interface TokenRecord {
  id: string
  kind: TokenKind
  name: string
  scopes: Scope[]
  parentId: string | null
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
}

export interface IssueOptions {
  kind: TokenKind
  name: string
  scopes: readonly Scope[]
  parentId?: string
  /** Lifetime in ms; none means until revoked. */
  ttlMs?: number
}

export interface TokenStore {
  /** Creates a credential and returns it with its secret, which is not kept. */
  issue(options: IssueOptions): { token: string; record: TokenRecord }
  /** The live record a presented token belongs to, or null (unknown, wrong secret, revoked, expired). */
  verify(token: string): TokenRecord | null
  list(): TokenRecord[]
  /** Revokes a credential and the sessions issued with it; false when there is no live one with that id. */
  revoke(id: string): boolean
  /** How many live admin keys exist (first run = none). */
  countLive(kind: TokenKind): number
}

type Row = Record<string, unknown>

const toRecord = (row: Row): TokenRecord => ({
  id: row.id as string,
  kind: row.kind as TokenKind,
  name: row.name as string,
  scopes: parseScopes(String(row.scopes)),
  parentId: (row.parent_id as string | null) ?? null,
  createdAt: row.created_at as string,
  lastUsedAt: (row.last_used_at as string | null) ?? null,
  expiresAt: (row.expires_at as string | null) ?? null,
})

// Compared against when the id is unknown, so a miss costs the same hash-and-compare as a hit.
const DUMMY_HASH = hashToken('pg.0000000000000000.none')
const TOUCH_EVERY_MS = 60_000

export function createTokenStore(db: Db, now: () => Date = () => new Date()): TokenStore {
  const live = 'revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)'
  const touched = new Map<string, number>()
  const selectLive = db.prepare(`SELECT * FROM auth_tokens WHERE id = ? AND ${live}`)
  const touch = db.prepare('UPDATE auth_tokens SET last_used_at = ? WHERE id = ?')
  return {
    issue({ kind, name, scopes, parentId, ttlMs }) {
      const fresh = generateToken()
      const createdAt = now().toISOString()
      const expiresAt = ttlMs === undefined ? null : new Date(now().getTime() + ttlMs).toISOString()
      db.prepare('INSERT INTO auth_tokens (id, kind, name, scopes, token_hash, parent_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        fresh.id,
        kind,
        name,
        scopes.join(','),
        fresh.hash,
        parentId ?? null,
        createdAt,
        expiresAt,
      )
      const record: TokenRecord = { id: fresh.id, kind, name, scopes: [...scopes], parentId: parentId ?? null, createdAt, lastUsedAt: null, expiresAt }
      return { token: fresh.token, record }
    },
    verify(token) {
      const id = tokenId(token)
      const row = id ? (selectLive.get(id, now().toISOString()) as Row | undefined) : undefined
      const ok = tokenMatchesHash(token, row ? String(row.token_hash) : DUMMY_HASH)
      if (!row || !ok) return null
      const at = now()
      if ((touched.get(row.id as string) ?? 0) + TOUCH_EVERY_MS <= at.getTime()) {
        touched.set(row.id as string, at.getTime())
        try {
          touch.run(at.toISOString(), row.id)
          row.last_used_at = at.toISOString()
        } catch (error) {
          // "last used" is a hint: a full disk must not turn a valid key away
          if (!isDiskFull(error)) throw error
        }
      }
      return toRecord(row)
    },
    list: () => (db.prepare(`SELECT * FROM auth_tokens WHERE ${live} ORDER BY created_at, rowid`).all(now().toISOString()) as Row[]).map(toRecord),
    revoke(id) {
      const at = now().toISOString()
      return db.transaction(() => {
        const changed = db.prepare(`UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(at, id).changes
        if (changed > 0) db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE parent_id = ? AND revoked_at IS NULL').run(at, id)
        return changed > 0
      })()
    },
    countLive: (kind) => db.prepare(`SELECT COUNT(*) FROM auth_tokens WHERE kind = ? AND ${live}`).pluck().get(kind, now().toISOString()) as number,
  }
}
