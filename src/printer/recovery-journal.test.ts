// The power-loss journal: written at layer changes and on an interval, durable, kept only for interrupted jobs.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import type { JobLine } from './line-source.js'
import { createRecoveryJournal, recoveryRecordPath, type RecoveryRecord } from './recovery-journal.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const line = (fileLine: number, command: string, byteEnd: number, extra: Partial<JobLine> = {}): JobLine => ({
  fileLine,
  command,
  byteEnd,
  layer: null,
  z: null,
  ...extra,
})

function setup(intervalMs = 2000) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-journal-'))
  dirs.push(dir)
  const clock = createFakeClock()
  const journal = createRecoveryJournal(
    { jobId: 'job-1', path: '/data/files/a.gcode', bytesTotal: 1000 },
    { dir: join(dir, 'recovery'), clock, intervalMs, wallNow: () => new Date('2026-12-02T08:00:00Z') },
  )
  const read = () => JSON.parse(readFileSync(recoveryRecordPath(join(dir, 'recovery'), 'job-1'), 'utf8')) as RecoveryRecord
  return { dir, clock, journal, read, file: recoveryRecordPath(join(dir, 'recovery'), 'job-1') }
}

describe('recovery journal', () => {
  it('records the last acknowledged line and the modal state at a layer change', async () => {
    const t = setup()
    t.journal.confirmed(line(1, 'M140 S60', 10))
    t.journal.confirmed(line(2, 'M104 S215', 20))
    t.journal.confirmed(line(3, 'M83', 24))
    t.journal.confirmed(line(4, 'M106 S200', 34))
    t.journal.confirmed(line(6, 'G1 Z0.2 F600', 50, { layer: 1, z: 0.2 }))
    t.journal.confirmed(line(7, 'G1 X10 Y10 E0.5 F1800', 80))
    await t.journal.idle()
    expect(t.read()).toMatchObject({
      version: 1,
      jobId: 'job-1',
      byteOffset: 50,
      fileLine: 6,
      layer: 1,
      layerZ: 0.2,
      state: { relativeE: true, fan: 200, hotendTarget: 215, bedTarget: 60, z: 0.2 },
    })
  })

  it('writes at least every interval between layer changes, and not on every line', async () => {
    const t = setup(2000)
    t.journal.confirmed(line(1, 'G1 Z0.2', 10, { layer: 1, z: 0.2 }))
    await t.journal.idle()
    t.journal.confirmed(line(2, 'G1 X1 E1', 20))
    await t.journal.idle()
    expect(t.read().byteOffset).toBe(10)
    t.clock.advance(2000)
    t.journal.confirmed(line(3, 'G1 X2 E2', 30))
    await t.journal.idle()
    expect(t.read()).toMatchObject({ byteOffset: 30, state: { e: 2 } })
  })

  it('records the line number each line went under, the last ones, and writes when the numbering jumps', async () => {
    const t = setup(2000)
    t.journal.confirmed(line(1, 'G1 Z0.2', 10, { layer: 1, z: 0.2 }), 1)
    t.journal.confirmed(line(2, 'G1 X1 E1', 20), 2)
    t.journal.confirmed(line(3, 'G1 X2 E2', 30), 3)
    await t.journal.idle()
    expect(t.read()).toMatchObject({ byteOffset: 10, wireLine: 1 })
    // A console command took number 4: the next file line goes as 5, which file-line counting alone would miss.
    t.journal.confirmed(line(4, 'G1 X3 E3', 40), 5)
    await t.journal.idle()
    expect(t.read()).toMatchObject({
      byteOffset: 40,
      fileLine: 4,
      wireLine: 5,
      recentLines: [
        [1, 10, 1],
        [2, 20, 2],
        [3, 30, 3],
        [5, 40, 4],
      ],
    })
    for (let i = 0; i < 100; i++) t.journal.confirmed(line(5 + i, `G1 X${i}`, 50 + i * 10), 6 + i)
    await t.journal.finish(true)
    const record = t.read()
    expect(record.recentLines).toHaveLength(64)
    expect(record.recentLines?.at(-1)).toEqual([105, 1040, 104])
  })

  it('keeps the record for an interrupted job, with the final state, and deletes it for a finished one', async () => {
    const kept = setup()
    kept.journal.confirmed(line(1, 'G1 Z0.2', 10, { layer: 1, z: 0.2 }))
    kept.journal.confirmed(line(2, 'G1 X1 E1', 20))
    await kept.journal.finish(true)
    expect(kept.read().byteOffset).toBe(20)
    const gone = setup()
    gone.journal.confirmed(line(1, 'G1 Z0.2', 10, { layer: 1, z: 0.2 }))
    await gone.journal.finish(false)
    expect(existsSync(gone.file)).toBe(false)
  })
})
