// The pre-print scan: heater targets in every Marlin spelling, and the firmware-changing list with its admin exception.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FIRMWARE_CHANGING_COMMANDS } from '../protocol/firmware-commands.js'
import { prescanFile } from './prescan.js'

const dir = mkdtempSync(join(tmpdir(), 'printgate-prescan-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const file = (text: string) => {
  const path = join(dir, `f${n++}.gcode`)
  writeFileSync(path, text)
  return path
}
const profile = { maxLineLength: 96, lineNumbers: { resetEvery: 100_000 }, temperatureLimits: { hotendMax: 285, bedMax: 120, chamberMax: 70 } } as Parameters<
  typeof prescanFile
>[1]

describe('prescanFile', () => {
  it.each([
    'M104S999',
    'M104 S+999',
    'M104 S999.0',
    'm104 s999',
    'M109 R999',
    'M104 T1 S999',
    'M140S999',
    'M190 R+999',
    'M141 S999',
    'M191S999',
    'N3 M104 S999*1',
  ])('refuses %s naming its line', async (line) => {
    await expect(prescanFile(file(`G28\nG1 X1 Y1\n${line}\n`), profile)).rejects.toMatchObject({ code: 'GCODE_INVALID', detail: { line: 3 } })
  })
  it.each(FIRMWARE_CHANGING_COMMANDS)('refuses %s unless firmware commands are allowed', async (word) => {
    const path = file(`G28\n; ${word} in a comment is fine\n${word} S1\n`)
    await expect(prescanFile(path, profile)).rejects.toMatchObject({ code: 'GCODE_NEEDS_ADMIN', detail: { line: 3 } })
    await expect(prescanFile(path, profile, { allowFirmwareCommands: true })).resolves.toMatchObject({ commandLines: 2 })
  })
  it('passes an ordinary sliced file', async () => {
    const text = 'M140 S60\nM104 S215\nM190 S60\nM109 S215\nM201 X500 Y500\nM204 P500\nG28\nG1 X10 Y10 E1\nM117 M500 is only text\nM84\n'
    await expect(prescanFile(file(text), profile)).resolves.toMatchObject({ commandLines: 10 })
  })
})
