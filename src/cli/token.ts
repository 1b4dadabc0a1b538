// `printgate token`: makes a new API key (printed once), lists keys and device tokens, revokes one.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createTokenStore, type TokenStore } from '../auth/token-store.js'
import { SCOPES, type Scope } from '../auth/scopes.js'
import { loadConfig } from '../config/load.js'
import { openDatabase, type Db } from '../storage/db.js'

export interface TokenCliDeps {
  openDb?: () => Db
  out?: (line: string) => void
  err?: (line: string) => void
}

const USAGE = `usage: printgate token [--name NAME] [--scopes read,control,files,admin] [--db PATH]
       printgate token list [--db PATH]
       printgate token revoke <id> [--db PATH]
Makes a new API key and prints it once (all scopes unless --scopes); only its hash is stored.`

/** The gateway's database file under the configured data folder. */
export function defaultDatabasePath(dataDir = loadConfig().dataDir): string {
  const candidates = [join(dataDir, 'printgate.db'), join(dataDir, 'db', 'printgate.db')]
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!
}

function parseScopeList(raw: string): Scope[] | string {
  const wanted = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const bad = wanted.filter((s) => !(SCOPES as readonly string[]).includes(s))
  if (bad.length > 0 || wanted.length === 0) return `unknown scope(s): ${bad.join(', ') || '(none given)'}; use ${SCOPES.join(', ')}`
  return wanted as Scope[]
}

function list(store: TokenStore, out: (line: string) => void): void {
  const rows = store.list()
  if (rows.length === 0) return out('no live keys or tokens')
  for (const r of rows) {
    out([r.id, r.kind.padEnd(7), r.scopes.join(',').padEnd(24), r.lastUsedAt ?? 'never used', r.name].join('  '))
  }
}

/** Runs `printgate token …` with `argv` after the word `token`; returns the exit code. */
export async function runToken(argv: string[], deps: TokenCliDeps = {}): Promise<number> {
  const out = deps.out ?? ((l: string) => process.stdout.write(l + '\n'))
  const err = deps.err ?? ((l: string) => process.stderr.write(l + '\n'))
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { name: { type: 'string' }, scopes: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    out(USAGE)
    return 0
  }
  const [action = 'create', ...rest] = positionals
  if (!['create', 'list', 'revoke'].includes(action) || (action === 'revoke' ? rest.length !== 1 : rest.length !== 0)) {
    err(USAGE)
    return 2
  }
  let scopes: Scope[] = [...SCOPES]
  if (values.scopes !== undefined) {
    const result = parseScopeList(values.scopes)
    if (typeof result === 'string') {
      err(result)
      return 2
    }
    scopes = result
  }
  const db = deps.openDb ? deps.openDb() : openDatabase(values.db ?? defaultDatabasePath())
  try {
    const store = createTokenStore(db)
    if (action === 'list') {
      list(store, out)
      return 0
    }
    if (action === 'revoke') {
      if (store.revoke(rest[0]!)) {
        out(`revoked ${rest[0]}`)
        return 0
      }
      err(`no live key or token with id ${rest[0]}`)
      return 1
    }
    const isAdmin = scopes.includes('admin')
    const { token, record } = store.issue({ kind: isAdmin ? 'admin' : 'key', name: values.name ?? `key made by printgate token`, scopes })
    out(token)
    err(`id ${record.id}, scopes ${scopes.join(',')}; shown once: use it as X-Api-Key or Authorization: Bearer`)
    return 0
  } finally {
    if (!deps.openDb) db.close()
  }
}
