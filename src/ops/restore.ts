// `printgate restore`: puts a backup's database and config back, only while the gateway is stopped (unless forced).
import Database from 'better-sqlite3'
import { chown, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { GatewayError } from '../core/errors.js'
import { DB_ENTRY, invalid, readBackup } from './backup.js'
import { DATABASE_FILE, detectRunningGateway, type RunningGateway } from './instance.js'

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code

export interface RestoreOptions {
  archive: string
  dataDir: string
  configDir?: string | undefined
  /** Restore even though a gateway seems to run (it will be confused; stop it first). */
  force?: boolean
  detect?: (dataDir: string) => Promise<RunningGateway>
  now?: () => Date
}

export interface RestoreResult {
  restored: string[]
  setAside: string[]
}

/** Gives a restored file the owner of its folder, so the service user can still write it after a root restore. */
async function matchOwner(path: string, like: string): Promise<void> {
  if (process.getuid?.() !== 0) return
  const s = await stat(like)
  await chown(path, s.uid, s.gid)
}

async function moveAside(path: string, suffix: string, setAside: string[]): Promise<void> {
  try {
    await rename(path, `${path}${suffix}`)
    setAside.push(`${path}${suffix}`)
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error
  }
}

function checkDatabase(path: string): void {
  let db: Database.Database | undefined
  try {
    db = new Database(path, { fileMustExist: true })
    const result = db.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new Error(String(result))
  } catch (cause) {
    throw invalid(`the database in the backup fails SQLite's integrity check: ${String(cause)}`, cause)
  } finally {
    db?.close()
  }
}

/**
 * Puts a backup's database and config back. Refuses while a gateway runs on `dataDir` unless
 * `force`. The replaced database (with its -wal/-shm) and config files are kept beside the new
 * ones as `*.before-restore-<time>`.
 * @throws GatewayError GATEWAY_RUNNING | BACKUP_INVALID
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const { archive, dataDir, configDir, force = false, detect = (dir) => detectRunningGateway(dir), now = () => new Date() } = options
  const running = await detect(dataDir)
  if (running.running && !force) {
    throw new GatewayError('GATEWAY_RUNNING', `The gateway is running (${running.evidence.join('; ')}); stop it (systemctl stop printgate) or use --force`, {
      detail: running,
    })
  }
  const { entries } = await readBackup(archive)
  const suffix = `.before-restore-${now().toISOString().replace(/[:.]/g, '-')}`
  const restored: string[] = []
  const setAside: string[] = []

  await mkdir(dataDir, { recursive: true })
  const dbPath = join(dataDir, DATABASE_FILE)
  const incoming = `${dbPath}.restoring`
  await writeFile(incoming, entries.get(DB_ENTRY)!.data, { mode: 0o640 })
  try {
    checkDatabase(incoming)
  } catch (error) {
    await rm(incoming, { force: true })
    throw error
  } finally {
    await rm(`${incoming}-wal`, { force: true })
    await rm(`${incoming}-shm`, { force: true })
  }
  // the old -wal belongs to the old database: it must go with it, or SQLite would replay it onto the new one
  await moveAside(dbPath, suffix, setAside)
  await moveAside(`${dbPath}-wal`, suffix, setAside)
  await moveAside(`${dbPath}-shm`, suffix, setAside)
  await rename(incoming, dbPath)
  await matchOwner(dbPath, dataDir)
  restored.push(dbPath)

  if (configDir) {
    for (const [name, entry] of entries) {
      if (!name.startsWith('config/')) continue
      const target = join(configDir, ...name.slice('config/'.length).split('/'))
      await mkdir(dirname(target), { recursive: true })
      const previous = await stat(target).catch(() => null)
      if (previous) await moveAside(target, suffix, setAside)
      await writeFile(target, entry.data, { mode: entry.mode ?? 0o640 })
      await matchOwner(target, previous ? `${target}${suffix}` : configDir)
      restored.push(target)
    }
  }
  return { restored, setAside }
}
