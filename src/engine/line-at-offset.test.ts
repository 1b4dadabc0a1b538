// lineAtOffset: confirmed byte counts back to 1-based file lines, with CRLF, multi-byte text and no final newline.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lineAtOffset } from './line-at-offset.js'

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'pg-line-')), 'f.gcode')
  writeFileSync(path, text)
  return path
}

describe('lineAtOffset', () => {
  it('counts the lines that end at or before the offset', async () => {
    const path = file('G28\r\nG1 X1 ; é\nM84')
    expect(await lineAtOffset(path, 0)).toBe(0)
    expect(await lineAtOffset(path, 5)).toBe(1)
    expect(await lineAtOffset(path, Buffer.byteLength('G28\r\nG1 X1 ; é\n'))).toBe(2)
    expect(await lineAtOffset(path, Buffer.byteLength('G28\r\nG1 X1 ; é\nM84'))).toBe(3)
  })
  it('answers 0 for a file that is gone', async () => {
    expect(await lineAtOffset('/nonexistent/printgate.gcode', 100)).toBe(0)
  })
})
