// Power-cut resume plans against golden files: absolute and relative E, Z-hops, vase mode; the resumed file continues at the layer's first line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/core/clock.js'
import { createLineSource, type JobLine } from '../../src/printer/line-source.js'
import { createRecoveryJournal, recoveryRecordPath, type RecoveryRecord } from '../../src/printer/recovery-journal.js'
import { planResume, resumeChoices, writeResumeFile } from '../../src/recovery/resume-plan.js'
import { scanResumePoints } from '../../src/recovery/resume-points.js'

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))
const PARK = { x: 0, y: 200, zLift: 5 }
const work = mkdtempSync(join(tmpdir(), 'pg-resume-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

async function linesOf(path: string): Promise<JobLine[]> {
  const source = createLineSource(path)
  const lines: JobLine[] = []
  for (;;) {
    const line = source.next()
    if (line) lines.push(line)
    else if (source.isExhausted()) return lines
    else await new Promise<void>((resolve) => source.onAvailable(resolve))
  }
}

/** Feeds the real journal every line up to `cutAfterLine` (acknowledged), as the engine would, and reads back what survived. */
async function recordAt(name: string, path: string, cutAfterLine: number): Promise<RecoveryRecord> {
  const dir = join(work, name)
  const journal = createRecoveryJournal({ jobId: name, path, bytesTotal: 0 }, { dir, clock: createFakeClock() })
  for (const line of await linesOf(path)) if (line.fileLine <= cutAfterLine) journal.confirmed(line)
  await journal.finish(true)
  return JSON.parse(readFileSync(recoveryRecordPath(dir, name), 'utf8')) as RecoveryRecord
}

const cases = [
  { name: 'm82', cutAfterLine: 36 },
  { name: 'm83', cutAfterLine: 36 },
  { name: 'm82-zhop', cutAfterLine: 35 },
  { name: 'm83-vase', cutAfterLine: 36 },
]

describe.each(cases)('resume plan for $name', ({ name, cutAfterLine }) => {
  const path = join(FIXTURES, `${name}.gcode`)

  it('matches the golden preamble and resume offset', async () => {
    const record = await recordAt(name, path, cutAfterLine)
    const scan = await scanResumePoints(path)
    const choices = resumeChoices(record, scan)
    expect(choices.suggestedLayer).not.toBeNull()
    const plan = planResume(record, scan, choices.suggestedLayer as number, PARK)
    const text = [
      `cut after file line ${cutAfterLine} (record: line ${record.fileLine}, byte ${record.byteOffset}, layer ${record.layer}, z ${record.state.z}, printing at z ${record.printZ})`,
      `suggested layer ${choices.suggestedLayer}, lowest ${choices.lowestLayer}, of ${choices.layers.length}`,
      `resume at byte ${plan.byteOffset} (line ${plan.fileLine}): ${JSON.stringify(
        readFileSync(path)
          .subarray(plan.byteOffset, plan.byteOffset + 14)
          .toString(),
      )}`,
      '--- preamble',
      ...plan.preamble,
      '',
    ].join('\n')
    const golden = join(FIXTURES, `${name}.resume.golden`)
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text)
    expect(text).toBe(readFileSync(golden, 'utf8'))
  })

  it('writes a resumed file: the preamble, then the original from the layer on, byte for byte', async () => {
    const record = await recordAt(`${name}-file`, path, cutAfterLine)
    const scan = await scanResumePoints(path)
    const plan = planResume(record, scan, resumeChoices(record, scan).suggestedLayer as number, PARK)
    const out = join(work, `${name}.resumed.gcode`)
    await writeResumeFile(path, out, plan)
    const original = readFileSync(path)
    const resumed = readFileSync(out)
    const preamble = Buffer.from(`${plan.preamble.join('\n')}\n`)
    expect(resumed.subarray(0, preamble.length).equals(preamble)).toBe(true)
    expect(resumed.subarray(preamble.length).equals(original.subarray(plan.byteOffset))).toBe(true)
  })

  it('refuses a layer below the printed part', async () => {
    const record = await recordAt(`${name}-low`, path, cutAfterLine)
    const scan = await scanResumePoints(path)
    const lowest = resumeChoices(record, scan).lowestLayer as number
    expect(() => planResume(record, scan, lowest - 1, PARK)).toThrow(/below the printed part/)
    expect(() => planResume(record, scan, 99, PARK)).toThrow(/no layer 99/)
  })
})
