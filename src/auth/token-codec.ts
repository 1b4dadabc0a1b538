// Token strings: `pg.<id>.<secret>` with a 256-bit secret; only the SHA-256 hash is ever stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const TOKEN_RE = /^pg\.([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/

export interface NewToken {
  id: string
  /** The whole credential, shown once to its owner. */
  token: string
  hash: string
}

export function generateToken(): NewToken {
  const id = randomBytes(8).toString('hex')
  const token = `pg.${id}.${randomBytes(32).toString('base64url')}`
  return { id, token, hash: hashToken(token) }
}

/** The id part of a well-formed token, or undefined for anything else. */
export function tokenId(token: string): string | undefined {
  return TOKEN_RE.exec(token)?.[1]
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Compares a presented token with a stored hash in constant time (equal-length SHA-256 digests). */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(token, 'utf8').digest()
  const stored = Buffer.from(storedHash, 'hex')
  if (stored.length !== presented.length) return false
  return timingSafeEqual(presented, stored)
}
