// Running-gateway detection from a fixture /proc tree and the pid file.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { detectRunningGateway, findProcessesHolding, writePidFile } from './instance.js'

const root = mkdtempSync(join(tmpdir(), 'pg-inst-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function fixture() {
  const dataDir = join(root, `data-${Math.random().toString(36).slice(2)}`)
  const proc = join(dataDir, 'proc')
  mkdirSync(proc, { recursive: true })
  writeFileSync(join(dataDir, 'printgate.db'), '')
  const fake = (pid: number, targets: string[]) => {
    mkdirSync(join(proc, String(pid), 'fd'), { recursive: true })
    targets.forEach((t, i) => symlinkSync(t, join(proc, String(pid), 'fd', String(i + 3))))
  }
  mkdirSync(join(proc, 'self'))
  return { dataDir, proc, fake }
}

describe('findProcessesHolding', () => {
  it('finds pids whose fd links point at the file, skipping itself and non-pid entries', async () => {
    const f = fixture()
    const db = join(f.dataDir, 'printgate.db')
    f.fake(100, ['/dev/null', db])
    f.fake(200, ['/dev/null'])
    f.fake(300, [db])
    expect((await findProcessesHolding(db, { procRoot: f.proc, selfPid: 300 })).sort()).toEqual([100])
  })
})

describe('detectRunningGateway', () => {
  it('is not running with no pid file and no holder', async () => {
    const f = fixture()
    expect(await detectRunningGateway(f.dataDir, { procRoot: f.proc })).toEqual({ running: false, pids: [], evidence: [] })
  })

  it('trusts the pid file only when that pid is alive', async () => {
    const f = fixture()
    writeFileSync(join(f.dataDir, 'printgate.pid'), '777\n')
    expect((await detectRunningGateway(f.dataDir, { procRoot: f.proc, isAlive: () => false })).running).toBe(false)
    const alive = await detectRunningGateway(f.dataDir, { procRoot: f.proc, isAlive: (pid) => pid === 777 })
    expect(alive).toMatchObject({ running: true, pids: [777] })
    expect(alive.evidence[0]).toMatch(/777.*alive/)
  })

  it('finds a holder of the database', async () => {
    const f = fixture()
    f.fake(555, [join(f.dataDir, 'printgate.db')])
    expect(await detectRunningGateway(f.dataDir, { procRoot: f.proc })).toMatchObject({ running: true, pids: [555] })
  })
})

describe('writePidFile', () => {
  it('writes our pid and removes the file only while it is still ours', async () => {
    const f = fixture()
    const release = await writePidFile(f.dataDir, 4321)
    expect(existsSync(join(f.dataDir, 'printgate.pid'))).toBe(true)
    writeFileSync(join(f.dataDir, 'printgate.pid'), '9999\n') // another instance took over
    await release()
    expect(existsSync(join(f.dataDir, 'printgate.pid'))).toBe(true)
    const second = await writePidFile(f.dataDir, 4321)
    await second()
    expect(existsSync(join(f.dataDir, 'printgate.pid'))).toBe(false)
  })
})
