// Tests `printgate token`: create (printed once, stored hashed), list, revoke, bad arguments.
import { afterEach, describe, expect, it } from 'vitest'
import { createTokenStore } from '../auth/token-store.js'
import { openDatabase, type Db } from '../storage/db.js'
import { runToken } from './token.js'

let db: Db | undefined
afterEach(() => {
  db?.close()
  db = undefined
})

function run(argv: string[]) {
  db ??= openDatabase(':memory:')
  const out: string[] = []
  const err: string[] = []
  const database = db
  return runToken(argv, { openDb: () => database, out: (l) => out.push(l), err: (l) => err.push(l) }).then((code) => ({ code, out, err }))
}

describe('runToken', () => {
  it('makes an admin key, prints it once and stores only its hash', async () => {
    const { code, out } = await run([])
    expect(code).toBe(0)
    expect(out).toHaveLength(1)
    const record = createTokenStore(db!).verify(out[0]!)
    expect(record).toMatchObject({ kind: 'admin', scopes: ['read', 'control', 'files', 'admin'] })
    expect(JSON.stringify(db!.prepare('SELECT * FROM auth_tokens').all())).not.toContain(out[0]!)
  })

  it('makes a scoped key with a name, lists and revokes it', async () => {
    const made = await run(['--name', 'PrusaSlicer', '--scopes', 'read,files,control'])
    const record = createTokenStore(db!).verify(made.out[0]!)!
    expect(record).toMatchObject({ kind: 'key', name: 'PrusaSlicer', scopes: ['read', 'files', 'control'] })
    const listed = await run(['list'])
    expect(listed.out.join('\n')).toContain('PrusaSlicer')
    expect(listed.out.join('\n')).not.toContain(made.out[0]!)
    expect((await run(['revoke', record.id])).code).toBe(0)
    expect(createTokenStore(db!).verify(made.out[0]!)).toBeNull()
    expect((await run(['revoke', record.id])).code).toBe(1)
  })

  it('refuses bad arguments with exit code 2', async () => {
    expect((await run(['--scopes', 'root'])).code).toBe(2)
    expect((await run(['frobnicate'])).code).toBe(2)
    expect((await run(['revoke'])).code).toBe(2)
    expect((await run(['--bogus'])).code).toBe(2)
    expect((await run(['--help'])).code).toBe(0)
  })
})
