// Opens the SQLite database (WAL) and applies the numbered migrations in ./migrations once each.
import Database from 'better-sqlite3'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDiskFull } from '../core/disk-full.js'

export type Db = Database.Database

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * Opens (creating if needed) the database at `path` (':memory:' for tests), sets WAL and foreign
 * keys, and runs every `NNN-name.sql` in the migrations folder not applied yet, each in its own
 * transaction. Other modules add tables by adding a numbered file there.
 */
export function openDatabase(path: string, migrationsDir = MIGRATIONS_DIR, { exclusive = false } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  try {
    if (exclusive) db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    applyMigrations(db, migrationsDir)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Opens the gateway's database even when its disk is full. WAL keeps its index in a `-shm` file that
 * must grow to 32 KiB, which a full disk refuses; in exclusive locking mode SQLite keeps that index
 * in memory instead, so the database opens, reads work, and writes work again once there is space.
 * The price: other processes (`printgate token …`) cannot open it until the gateway restarts.
 */
export function openGatewayDatabase(path: string, migrationsDir = MIGRATIONS_DIR): { db: Db; exclusive: boolean } {
  try {
    return { db: openDatabase(path, migrationsDir), exclusive: false }
  } catch (error) {
    if (!isDiskFull(error)) throw error
    return { db: openDatabase(path, migrationsDir, { exclusive: true }), exclusive: true }
  }
}

export function applyMigrations(db: Db, migrationsDir = MIGRATIONS_DIR): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)')
  const applied = new Set(db.prepare('SELECT name FROM schema_migrations').pluck().all() as string[])
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d{3,}-[\w.-]+\.sql$/.test(f))
    .sort()
  const ran: string[] = []
  for (const file of files) {
    if (applied.has(file)) continue
    const sql = readFileSync(join(migrationsDir, file), 'utf8')
    db.transaction(() => {
      db.exec(sql)
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(file, new Date().toISOString())
    })()
    ran.push(file)
  }
  return ran
}
