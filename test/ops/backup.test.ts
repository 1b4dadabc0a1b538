// backup/restore on real SQLite files: WAL content included, config round-trip, refusal while running, damage detection.
import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { isGatewayError } from '../../src/core/errors.js'
import { backup, isSafeEntryName, readBackup } from '../../src/ops/backup.js'
import { restore } from '../../src/ops/restore.js'
import { writeTar } from '../../src/ops/tar.js'

const temps: string[] = []
const temp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p))
  temps.push(d)
  return d
}
const notRunning = async () => ({ running: false, pids: [], evidence: [] })
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })))

function makeGateway(rows: string[]) {
  const dataDir = temp('pg-data-')
  const configDir = temp('pg-conf-')
  writeFileSync(join(configDir, 'config.yaml'), 'printer:\n  port: /dev/printer\n')
  writeFileSync(join(configDir, 'printgate.env'), 'PRINTGATE_BAUD=115200\n')
  mkdirSync(join(configDir, 'profiles'))
  writeFileSync(join(configDir, 'profiles', 'my.json'), '{"x":1}')
  const db = new Database(join(dataDir, 'printgate.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('wal_autocheckpoint = 0') // keep every row in the -wal, as a busy gateway would
  db.exec('CREATE TABLE jobs (id TEXT PRIMARY KEY)')
  for (const id of rows) db.prepare('INSERT INTO jobs VALUES (?)').run(id)
  return { dataDir, configDir, db }
}
const ids = (path: string) => {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare('SELECT id FROM jobs ORDER BY id').pluck().all() as string[]
  } finally {
    db.close()
  }
}

describe('backup → restore', () => {
  it('copies rows still in the WAL while the database is open, and the config tree', async () => {
    const g = makeGateway(['a', 'b', 'c'])
    expect(readFileSync(join(g.dataDir, 'printgate.db-wal')).length).toBeGreaterThan(0)
    const outDir = temp('pg-out-')
    const { path, manifest } = await backup({ dataDir: g.dataDir, configDir: g.configDir, out: outDir, now: () => new Date('2026-11-26T07:00:00Z') })
    g.db.close()
    expect(path).toBe(join(outDir, 'printgate-backup-2026-11-26T07-00-00-000Z.tar.gz'))
    expect(manifest.files.map((f) => f.name)).toEqual(['db/printgate.db', 'config/config.yaml', 'config/printgate.env', 'config/profiles/my.json'])

    const target = temp('pg-target-')
    const targetConf = temp('pg-tconf-')
    writeFileSync(join(targetConf, 'config.yaml'), 'old: true\n')
    const result = await restore({ archive: path, dataDir: target, configDir: targetConf, detect: notRunning })
    expect(ids(join(target, 'printgate.db'))).toEqual(['a', 'b', 'c'])
    expect(readFileSync(join(targetConf, 'config.yaml'), 'utf8')).toBe('printer:\n  port: /dev/printer\n')
    expect(readFileSync(join(targetConf, 'profiles/my.json'), 'utf8')).toBe('{"x":1}')
    expect(result.setAside.some((p) => p.includes('config.yaml.before-restore-'))).toBe(true)
  })

  it('sets the old database AND its -wal aside, so the old WAL is not replayed onto the restored file', async () => {
    const source = makeGateway(['keep-1'])
    const { path } = await backup({ dataDir: source.dataDir, out: join(temp('pg-o-'), 'b.tar.gz') })
    source.db.close()
    const target = makeGateway(['stale-1', 'stale-2']) // a database with its own live WAL
    const walBefore = readFileSync(join(target.dataDir, 'printgate.db-wal'))
    // simulate a crashed gateway: the -wal stays behind (no clean close)
    const result = await restore({ archive: path, dataDir: target.dataDir, detect: notRunning })
    expect(ids(join(target.dataDir, 'printgate.db'))).toEqual(['keep-1'])
    const aside = readdirSync(target.dataDir).filter((f) => f.includes('.before-restore-'))
    expect(aside.some((f) => f.startsWith('printgate.db-wal.before-restore-'))).toBe(true)
    expect(result.setAside).toHaveLength(aside.length)
    expect(walBefore.length).toBeGreaterThan(0)
    target.db.close()
  })

  it('refuses while a gateway runs, unless forced', async () => {
    const g = makeGateway(['x'])
    const { path } = await backup({ dataDir: g.dataDir, out: join(temp('pg-o-'), 'b.tar.gz') })
    g.db.close()
    const target = temp('pg-t-')
    const running = async () => ({ running: true, pids: [4242], evidence: ['pid 4242 has printgate.db open'] })
    await expect(restore({ archive: path, dataDir: target, detect: running })).rejects.toSatisfy(
      (e) => isGatewayError(e, 'GATEWAY_RUNNING') && /4242/.test((e as Error).message),
    )
    expect(existsSync(join(target, 'printgate.db'))).toBe(false)
    await restore({ archive: path, dataDir: target, detect: running, force: true })
    expect(ids(join(target, 'printgate.db'))).toEqual(['x'])
  })

  it('detects a real process holding the database open', async () => {
    const g = makeGateway(['x'])
    const { path } = await backup({ dataDir: g.dataDir, out: join(temp('pg-o-'), 'b.tar.gz') })
    g.db.close()
    const holder: ChildProcess = spawn(
      process.execPath,
      ['-e', `require('fs').openSync(${JSON.stringify(join(g.dataDir, 'printgate.db'))}, 'r'); console.log('open'); setInterval(() => {}, 1000)`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()))
      await expect(restore({ archive: path, dataDir: g.dataDir })).rejects.toSatisfy(
        (e) => isGatewayError(e, 'GATEWAY_RUNNING') && (e as Error).message.includes(String(holder.pid)),
      )
    } finally {
      holder.kill('SIGKILL')
    }
  })

  it.skipIf(process.getuid?.() !== 0)('as root, gives restored files the owner of their folder (the service user)', async () => {
    const g = makeGateway(['x'])
    const { path } = await backup({ dataDir: g.dataDir, configDir: g.configDir, out: join(temp('pg-o-'), 'b.tar.gz') })
    g.db.close()
    const target = temp('pg-own-')
    const conf = temp('pg-ownc-')
    chownSync(target, 4321, 4322)
    chownSync(conf, 0, 4322)
    await restore({ archive: path, dataDir: target, configDir: conf, detect: notRunning })
    expect(statSync(join(target, 'printgate.db'))).toMatchObject({ uid: 4321, gid: 4322 })
    expect(statSync(join(conf, 'config.yaml'))).toMatchObject({ uid: 0, gid: 4322 })
  })

  it('fails with BACKUP_FAILED when there is no database', async () => {
    await expect(backup({ dataDir: temp('pg-empty-'), out: join(temp('pg-o-'), 'b.tar.gz') })).rejects.toSatisfy((e) => isGatewayError(e, 'BACKUP_FAILED'))
  })
})

describe('damaged or hostile archives', () => {
  const pack = (files: Record<string, Buffer>, manifestFiles?: { name: string; size: number; sha256: string }[]) => {
    const listed =
      manifestFiles ?? Object.entries(files).map(([name, data]) => ({ name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') }))
    const manifest = Buffer.from(JSON.stringify({ format: 'printgate-backup', version: 1, createdAt: '', files: listed }))
    const path = join(temp('pg-h-'), 'x.tar.gz')
    writeFileSync(path, gzipSync(writeTar([{ name: 'manifest.json', data: manifest }, ...Object.entries(files).map(([name, data]) => ({ name, data }))])))
    return path
  }
  const invalid = (e: unknown) => isGatewayError(e, 'BACKUP_INVALID')

  it('rejects a file that is not gzip, a tampered entry, a path escape and a non-SQLite database', async () => {
    const junk = join(temp('pg-j-'), 'junk.tar.gz')
    writeFileSync(junk, 'hello')
    await expect(readBackup(junk)).rejects.toSatisfy(invalid)

    const good = Buffer.from('SQLite format 3\0')
    const tampered = pack({ 'db/printgate.db': Buffer.from('evil') }, [
      { name: 'db/printgate.db', size: 4, sha256: createHash('sha256').update(good).digest('hex') },
    ])
    await expect(readBackup(tampered)).rejects.toSatisfy((e) => invalid(e) && /SHA-256/.test((e as Error).message))

    const escape = pack({ 'db/printgate.db': good, 'config/../../etc/passwd': Buffer.from('root::0:0') })
    await expect(readBackup(escape)).rejects.toSatisfy((e) => invalid(e) && /unsafe/.test((e as Error).message))

    const notSqlite = pack({ 'db/printgate.db': Buffer.from('not a database at all, just text') })
    const target = temp('pg-t-')
    await expect(restore({ archive: notSqlite, dataDir: target, detect: notRunning })).rejects.toSatisfy(invalid)
    expect(readdirSync(target)).toEqual([])
  })

  it.each([
    ['db/printgate.db', true],
    ['config/config.yaml', true],
    ['config/a/b.json', true],
    ['config/../x', false],
    ['config/a/../../x', false],
    ['config/./x', false],
    ['config//x', false],
    ['/etc/passwd', false],
    ['db/other.db', false],
    ['config/', false],
    ['config/a\0b', false],
  ])('entry name %j safe=%s', (name, safe) => {
    expect(isSafeEntryName(name)).toBe(safe)
  })
})
