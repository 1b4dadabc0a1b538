// Mapping the line a printer saved at a power cut back to the file: looked up among the last lines, or counted on through the file's commands.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { initialModalState } from '../protocol/modal-state.js'
import type { RecoveryRecord } from '../printer/recovery-journal.js'
import { parseSavedLine } from '../printer/host-keepalive.js'
import { placeOfSavedLine } from './firmware-line.js'

const dir = mkdtempSync(join(tmpdir(), 'pg-fwline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Lines: 1 `G28` (4 bytes with \n), 2 `; c` (4), 3 `G1 X1` (6), 4 `` (1), 5 `G1 X2 ; move` (13), 6 `G1 X3` (6)
const text = 'G28\n; c\nG1 X1\n\nG1 X2 ; move\nG1 X3\n'
const path = join(dir, 'f.gcode')
writeFileSync(path, text)
const record = (over: Partial<RecoveryRecord>): RecoveryRecord => ({
  version: 1,
  jobId: 'j',
  path,
  bytesTotal: text.length,
  byteOffset: 4,
  fileLine: 1,
  layer: null,
  layerZ: null,
  printZ: null,
  state: initialModalState(),
  wireLine: 10,
  recentLines: [[10, 4, 1]],
  writtenAt: '2026-12-02T00:00:00Z',
  ...over,
})

describe('placeOfSavedLine', () => {
  it('finds a line the journal saw acknowledged', async () => {
    expect(await placeOfSavedLine(record({}), 10)).toEqual({ byteOffset: 4, fileLine: 1 })
  })

  it('counts later lines through the file, skipping comments and blank lines as the sender does', async () => {
    expect(await placeOfSavedLine(record({}), 11)).toEqual({ byteOffset: 14, fileLine: 3 })
    expect(await placeOfSavedLine(record({}), 12)).toEqual({ byteOffset: 28, fileLine: 5 })
    expect(await placeOfSavedLine(record({}), 13)).toEqual({ byteOffset: 34, fileLine: 6 })
  })

  it('cannot tell for a line before the kept ones, past the file, or from a record without line numbers', async () => {
    expect(await placeOfSavedLine(record({}), 9)).toBeNull()
    expect(await placeOfSavedLine(record({}), 14)).toBeNull()
    expect(await placeOfSavedLine(record({ wireLine: undefined, recentLines: undefined }), 11)).toBeNull()
    // Arc fitting sends several file moves as one line: only the kept lines can be placed.
    expect(await placeOfSavedLine(record({ packedLines: true }), 11)).toBeNull()
    expect(await placeOfSavedLine(record({ packedLines: true }), 10)).toEqual({ byteOffset: 4, fileLine: 1 })
  })
})

describe('parseSavedLine (the reply to D3 Ax0F91 C4)', () => {
  it('reads the little-endian uint32', () => {
    expect(parseSavedLine(['0f91  34 12 00 00', 'ok'])).toBe(0x1234)
    expect(parseSavedLine(['0f91  ff ff ff ff'])).toBe(0xffffffff)
    expect(parseSavedLine(['echo:Unknown command: "D3 Ax0F91 C4"', 'ok'])).toBeNull()
  })
})
