// Pruning by age and total size on a real temp folder, protecting the file in use; the periodic runner on a fake clock.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createHousekeeper, inUseByLiveJobs, pruneJobFiles } from './housekeeping.js'

const base = mkdtempSync(join(tmpdir(), 'pg-hk-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const NOW = Date.parse('2026-11-26T00:00:00Z')
const DAY = 86_400_000

/** Creates `jobs/<id>/<name>` of `kb` KiB last modified `daysAgo` days before NOW. */
function tree(files: [string, number, number][]) {
  const root = mkdtempSync(join(base, 'jobs-'))
  for (const [rel, kb, daysAgo] of files) {
    const path = join(root, rel)
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, Buffer.alloc(kb * 1024))
    const t = (NOW - daysAgo * DAY) / 1000
    utimesSync(path, t, t)
  }
  return root
}

describe('pruneJobFiles', () => {
  it('removes files older than maxAge, never the one in use, and drops emptied folders', async () => {
    const root = tree([
      ['a/model.gcode', 10, 40],
      ['a/model.stl', 10, 40],
      ['b/print.gcode', 10, 40],
      ['c/new.gcode', 10, 1],
    ])
    const printing = join(root, 'b/print.gcode')
    const result = await pruneJobFiles({ roots: [root], maxAgeMs: 30 * DAY, maxTotalBytes: 1e9, isInUse: (p) => p === printing, now: () => NOW })
    expect(result.deleted.map((d) => [d.path.slice(root.length + 1), d.reason]).sort()).toEqual([
      ['a/model.gcode', 'age'],
      ['a/model.stl', 'age'],
    ])
    expect(result.protected).toEqual([printing])
    expect(existsSync(join(root, 'a'))).toBe(false)
    expect(existsSync(printing)).toBe(true)
    expect(result.keptBytes).toBe(20 * 1024)
  })

  it('then removes the oldest files until the total fits, skipping the one in use', async () => {
    const root = tree([
      ['1/x.gcode', 100, 5],
      ['2/x.gcode', 100, 4],
      ['3/x.gcode', 100, 3],
      ['4/x.gcode', 100, 2],
      ['5/x.gcode', 100, 1],
    ])
    const printing = join(root, '1/x.gcode') // the oldest, but in use
    const result = await pruneJobFiles({ roots: [root], maxAgeMs: 365 * DAY, maxTotalBytes: 250 * 1024, isInUse: async (p) => p === printing, now: () => NOW })
    expect(result.deleted.map((d) => d.path.slice(root.length + 1))).toEqual(['2/x.gcode', '3/x.gcode', '4/x.gcode'])
    expect(result.deleted.every((d) => d.reason === 'size')).toBe(true)
    expect(result.keptBytes).toBe(200 * 1024)
    expect(existsSync(printing)).toBe(true)
    expect(existsSync(join(root, '5/x.gcode'))).toBe(true)
  })

  it('copes with a missing root', async () => {
    const result = await pruneJobFiles({ roots: [join(base, 'nope')], maxAgeMs: 1, maxTotalBytes: 0, isInUse: () => false, now: () => NOW })
    expect(result).toEqual({ deleted: [], keptBytes: 0, protected: [] })
  })
})

describe('createHousekeeper', () => {
  it('runs a pass each interval and reports it', async () => {
    const root = tree([['old/a.gcode', 1, 100]])
    const clock = createFakeClock()
    const results: number[] = []
    const hk = createHousekeeper({
      clock,
      intervalMs: 60_000,
      onResult: (r) => results.push(r.deleted.length),
      prune: { roots: [root], maxAgeMs: DAY, maxTotalBytes: 1e9, isInUse: () => false, now: () => NOW },
    })
    hk.start()
    clock.advance(59_999)
    expect(results).toEqual([])
    clock.advance(1)
    await expect.poll(() => results).toEqual([1])
    clock.advance(60_000)
    await expect.poll(() => results).toEqual([1, 0])
    await expect.poll(() => clock.pending()).toBe(1) // the next pass is armed once the last one has ended
    hk.stop()
    expect(clock.pending()).toBe(0) // stop took the armed pass away: no timer can start another
    clock.advance(600_000)
    expect(results).toEqual([1, 0])
  })

  it('runNow shares a pass already running', async () => {
    const root = tree([['x/a.gcode', 1, 0]])
    const hk = createHousekeeper({
      clock: createFakeClock(),
      intervalMs: 1000,
      prune: { roots: [root], maxAgeMs: DAY, maxTotalBytes: 1e9, isInUse: () => false },
    })
    const a = hk.runNow()
    expect(hk.runNow()).toBe(a)
    await a
  })
})

describe('inUseByLiveJobs', () => {
  it('protects files inside live job folders only', () => {
    const inUse = inUseByLiveJobs('/data', () => ['j1', null, 'j22'])
    expect(inUse('/data/jobs/j1/model.gcode')).toBe(true)
    expect(inUse('/data/jobs/j22/a/b.stl')).toBe(true)
    expect(inUse('/data/jobs/j2/model.gcode')).toBe(false) // prefix of j22, but another job
    expect(inUse('/data/jobs/j10/model.gcode')).toBe(false) // j1 is a prefix, not the folder
    expect(inUse('/data/files/j1')).toBe(false)
  })
})
