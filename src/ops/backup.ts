// `printgate backup`: a consistent SQLite copy plus the config folder in one .tar.gz with a SHA-256 manifest; and its reader.
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, posix, relative, sep } from 'node:path'
import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { GatewayError } from '../core/errors.js'
import { DATABASE_FILE } from './instance.js'
import { readTar, writeTar, type TarEntry } from './tar.js'

const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)
const FORMAT = 'printgate-backup'
export const DB_ENTRY = `db/${DATABASE_FILE}`

export interface ManifestFile {
  name: string
  size: number
  sha256: string
}
export interface BackupManifest {
  format: typeof FORMAT
  version: 1
  createdAt: string
  files: ManifestFile[]
}

export interface BackupOptions {
  dataDir: string
  /** Folder with config.yaml / printgate.env; its regular files go under `config/`. */
  configDir?: string | undefined
  /** A `.tar.gz` path, or an existing folder to put `printgate-backup-<time>.tar.gz` in. */
  out: string
  now?: () => Date
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

async function filesUnder(root: string, dir = root): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await filesUnder(root, path)))
    else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'))
  }
  return found.sort()
}

async function snapshotDatabase(dbPath: string): Promise<Buffer> {
  const work = await mkdtemp(join(tmpdir(), 'printgate-backup-'))
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true })
    try {
      await db.backup(join(work, DATABASE_FILE))
    } finally {
      db.close()
    }
    return await readFile(join(work, DATABASE_FILE))
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

async function outputPath(out: string, now: Date): Promise<string> {
  const isDir = await stat(out).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!isDir) return out
  return join(out, `printgate-backup-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`)
}

/**
 * Copies the database with SQLite's online backup (consistent even while the gateway writes) and
 * the config files into one gzip'd tar with a manifest of SHA-256 sums.
 * @throws GatewayError BACKUP_FAILED
 */
export async function backup({ dataDir, configDir, out, now = () => new Date() }: BackupOptions): Promise<{ path: string; manifest: BackupManifest }> {
  const at = now()
  const entries: TarEntry[] = []
  const mtime = Math.floor(at.getTime() / 1000)
  try {
    entries.push({ name: DB_ENTRY, data: await snapshotDatabase(join(dataDir, DATABASE_FILE)), mode: 0o640, mtime })
  } catch (cause) {
    throw new GatewayError('BACKUP_FAILED', `Cannot copy the database in ${dataDir}: ${String(cause)}`, { cause })
  }
  if (configDir) {
    const names = await filesUnder(configDir).catch((cause: unknown) => {
      throw new GatewayError('BACKUP_FAILED', `Cannot read the config folder ${configDir}`, { cause })
    })
    for (const name of names) {
      const path = join(configDir, name)
      entries.push({ name: `config/${name}`, data: await readFile(path), mode: (await stat(path)).mode & 0o777, mtime })
    }
  }
  const manifest: BackupManifest = {
    format: FORMAT,
    version: 1,
    createdAt: at.toISOString(),
    files: entries.map((e) => ({ name: e.name, size: e.data.length, sha256: sha256(e.data) })),
  }
  const archive = await gzipAsync(writeTar([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)), mtime }, ...entries]))
  const path = await outputPath(out, at)
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(`${path}.partial`, archive, { mode: 0o600 })
    await rename(`${path}.partial`, path)
  } catch (cause) {
    throw new GatewayError('BACKUP_FAILED', `Cannot write ${path}`, { cause })
  }
  return { path, manifest }
}

/** Only the database and plain relative paths under config/ (no '', '.', '..' segments, no NUL). */
export function isSafeEntryName(name: string): boolean {
  if (name === DB_ENTRY) return true
  if (!name.startsWith('config/') || name.includes('\0') || posix.isAbsolute(name)) return false
  return name
    .slice('config/'.length)
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

export function invalid(message: string, cause?: unknown): GatewayError {
  return new GatewayError('BACKUP_INVALID', message, { cause })
}

/** Reads and checks an archive: manifest, SHA-256 of every file, safe names. @throws GatewayError BACKUP_INVALID */
export async function readBackup(archive: string): Promise<{ manifest: BackupManifest; entries: Map<string, TarEntry> }> {
  let tarEntries: TarEntry[]
  try {
    tarEntries = readTar(await gunzipAsync(await readFile(archive)))
  } catch (cause) {
    throw invalid(`${archive} is not a readable .tar.gz: ${String(cause)}`, cause)
  }
  const byName = new Map(tarEntries.map((e) => [e.name, e]))
  let manifest: BackupManifest
  try {
    manifest = JSON.parse(byName.get('manifest.json')?.data.toString('utf8') ?? '') as BackupManifest
  } catch (cause) {
    throw invalid(`${archive} has no printgate manifest`, cause)
  }
  if (manifest.format !== FORMAT || manifest.version !== 1) throw invalid(`${archive} is not a printgate backup (format ${String(manifest.format)})`)
  const entries = new Map<string, TarEntry>()
  for (const file of manifest.files) {
    if (!isSafeEntryName(file.name)) throw invalid(`unsafe file name in backup: ${file.name}`)
    const entry = byName.get(file.name)
    if (!entry) throw invalid(`${file.name} is listed but missing`)
    if (sha256(entry.data) !== file.sha256) throw invalid(`${file.name} is damaged (SHA-256 mismatch)`)
    entries.set(file.name, entry)
  }
  if (!entries.has(DB_ENTRY)) throw invalid('the backup holds no database')
  return { manifest, entries }
}
