// `printgate backup` / `restore` exit codes and messages, end to end on temp folders.
import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_RUNNING, EXIT_USAGE, EXIT_FAILED, runBackup, runRestore } from '../../src/cli/ops.js'

const temps: string[] = []
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pg-cli-'))
  temps.push(d)
  return d
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })))

function capture() {
  const lines: string[] = []
  const errors: string[] = []
  return { lines, errors, out: (l: string) => lines.push(l), err: (l: string) => errors.push(l) }
}

function setup() {
  const dataDir = temp()
  const confDir = temp()
  const db = new Database(join(dataDir, 'printgate.db'))
  db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('hello')")
  db.close()
  writeFileSync(join(confDir, 'config.yaml'), `dataDir: ${dataDir}\n`)
  return { dataDir, confDir, env: { PRINTGATE_CONFIG: join(confDir, 'config.yaml') } }
}

describe('printgate backup / restore', () => {
  it('backs up using PRINTGATE_CONFIG to find both folders, and restores into fresh folders', async () => {
    const s = setup()
    const outDir = temp()
    const c = capture()
    expect(await runBackup(['--out', outDir], { env: s.env, ...c })).toBe(EXIT_OK)
    const [archive] = readdirSync(outDir)
    expect(archive).toMatch(/^printgate-backup-.*\.tar\.gz$/)
    expect(c.lines[0]).toContain('db/printgate.db, config/config.yaml')

    const target = temp()
    const targetConf = temp()
    const r = capture()
    const code = await runRestore([join(outDir, archive!), '--data-dir', target, '--config-dir', targetConf], {
      env: {},
      ...r,
      detect: async () => ({ running: false, pids: [], evidence: [] }),
    })
    expect(r.errors).toEqual([])
    expect(code).toBe(EXIT_OK)
    const db = new Database(join(target, 'printgate.db'), { readonly: true })
    expect(db.prepare('SELECT v FROM t').pluck().get()).toBe('hello')
    db.close()
    expect(readFileSync(join(targetConf, 'config.yaml'), 'utf8')).toBe(`dataDir: ${s.dataDir}\n`)
  })

  it('exits 3 when the gateway runs and 0 with --force', async () => {
    const s = setup()
    const archive = join(temp(), 'b.tar.gz')
    expect(await runBackup(['-o', archive, '--data-dir', s.dataDir], { env: {}, ...capture() })).toBe(EXIT_OK)
    const running = async () => ({ running: true, pids: [12], evidence: ['pid 12 has printgate.db open'] })
    const c = capture()
    expect(await runRestore([archive, '--data-dir', s.dataDir], { env: {}, ...c, detect: running })).toBe(EXIT_RUNNING)
    expect(c.errors[0]).toMatch(/running.*pid 12.*--force/)
    expect(await runRestore([archive, '--data-dir', s.dataDir, '--force'], { env: {}, ...capture(), detect: running })).toBe(EXIT_OK)
  })

  it('exits 2 on bad usage and 1 on a missing database or archive', async () => {
    expect(await runBackup(['--bogus'], { env: {}, ...capture() })).toBe(EXIT_USAGE)
    expect(await runRestore([], { env: {}, ...capture() })).toBe(EXIT_USAGE)
    expect(await runRestore(['a', 'b'], { env: {}, ...capture() })).toBe(EXIT_USAGE)
    const c = capture()
    expect(await runBackup(['-o', join(temp(), 'x.tar.gz'), '--data-dir', temp()], { env: {}, ...c })).toBe(EXIT_FAILED)
    expect(c.errors[0]).toMatch(/Cannot copy the database/)
    const missing = capture()
    expect(
      await runRestore([join(temp(), 'nope.tar.gz'), '--data-dir', temp()], {
        env: {},
        ...missing,
        detect: async () => ({ running: false, pids: [], evidence: [] }),
      }),
    ).toBe(EXIT_FAILED)
    expect(missing.errors[0]).toMatch(/not a readable/)
  })

  it('--help prints usage and exits 0', async () => {
    const c = capture()
    expect(await runRestore(['--help'], { env: {}, ...c })).toBe(EXIT_OK)
    expect(c.lines[0]).toMatch(/^usage: printgate restore/)
  })
})
