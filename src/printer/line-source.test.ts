import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readFileLines } from './file-lines.js'
import { createLineSource, moveZ, type JobLine, type LineSourceOptions } from './line-source.js'
import { prescanFile } from './prescan.js'

const dir = mkdtempSync(join(tmpdir(), 'printgate-lines-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const profile = {
  maxLineLength: 95,
  lineNumbers: { resetForm: 'both' as const, resetEvery: 100000, wrapLimit: 2 ** 31 - 1, resyncBeforeReplay: false },
  temperatureLimits: { hotendMax: 285, bedMax: 120, chamberMax: 70 },
}

async function drain(path: string, prefetchLines?: number, options: LineSourceOptions = {}): Promise<JobLine[]> {
  const source = createLineSource(path, { ...options, ...(prefetchLines ? { prefetchLines } : {}) })
  const lines: JobLine[] = []
  for (;;) {
    const line = source.next()
    if (line) {
      lines.push(line)
      continue
    }
    if (source.isExhausted()) return lines
    await new Promise<void>((resolve) => source.onAvailable(resolve))
  }
}

describe('file lines', () => {
  it('splits lines across small chunks with byte offsets, CRLF and a last line without newline', async () => {
    const seen: [number, string, number][] = []
    const reader = readFileLines(file('a.gcode', 'G28\r\nG1 X1 ; é\nM84'), (l) => seen.push([l.lineNumber, l.raw, l.byteEnd]), { chunkBytes: 4 })
    await reader.finished
    expect(seen).toEqual([
      [1, 'G28\r', 5],
      [2, 'G1 X1 ; é', 16],
      [3, 'M84', 19],
    ])
  })
})

describe('line source', () => {
  it('prepares commands, attaches layer and Z, and keeps file line numbers', async () => {
    const text = ['; header', 'G90', ';LAYER_CHANGE', ';Z:0.3', 'G1 X1 Y1 ; move', '', 'G1 Z0.6 F600', 'G91', 'G1 Z1', ';LAYER:7', 'M400'].join('\n')
    const lines = await drain(file('b.gcode', text))
    expect(lines.map((l) => [l.fileLine, l.command, l.layer, l.z])).toEqual([
      [2, 'G90', null, null],
      [5, 'G1 X1 Y1', 1, 0.3],
      [7, 'G1 Z0.6 F600', null, 0.6],
      [8, 'G91', null, null],
      [9, 'G1 Z1', null, null], // relative: not a height
      [11, 'M400', 7, null],
    ])
  })
  it('streams a file larger than its prefetch window, in order', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `G1 X${i}`).join('\n') + '\n'
    const lines = await drain(file('c.gcode', text), 100)
    expect(lines).toHaveLength(5000)
    expect(lines.every((l, i) => l.command === `G1 X${i}`)).toBe(true)
    expect(lines.at(-1)?.byteEnd).toBe(Buffer.byteLength(text))
  })
  it('reads the Z of absolute moves only', () => {
    expect(moveZ('G1 Z0.2 F600')).toBe(0.2)
    expect(moveZ('G0 X1 Z5')).toBe(5)
    expect(moveZ('G1 X1 Y2')).toBeNull()
    expect(moveZ('G10 Z1')).toBeNull()
    expect(moveZ('M104 S200')).toBeNull()
  })
})

describe('pre-scan', () => {
  it('counts command lines and bytes', async () => {
    const text = '; c\nG28\nG1 X1\n'
    expect(await prescanFile(file('d.gcode', text), profile)).toEqual({ commandLines: 2, bytes: text.length })
  })
  it('refuses an over-long line, naming it', async () => {
    const text = `G28\nM117 ${'x'.repeat(90)}\nG1 X1\n`
    await expect(prescanFile(file('e.gcode', text), profile)).rejects.toMatchObject({ code: 'GCODE_LINE_TOO_LONG', detail: { line: 2 } })
  })
  it('refuses binary junk, naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from('G28\nG1 X1\n'), Buffer.from([0x47, 0x00, 0x01, 0xff, 0x0a])])
    await expect(prescanFile(file('f.gcode', bytes), profile)).rejects.toMatchObject({ code: 'GCODE_INVALID', detail: { line: 3 } })
  })
  it('refuses a heater target above the profile limit, naming the line', async () => {
    await expect(prescanFile(file('g.gcode', 'G28\nM109 S350\n'), profile)).rejects.toMatchObject({ code: 'GCODE_INVALID', detail: { line: 2 } })
  })
  it('reports a missing file', async () => {
    await expect(prescanFile(join(dir, 'missing.gcode'), profile)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' })
  })
})

describe('line source with arc fitting', () => {
  it('sends one arc per run between markers, ending at the last joined line so progress and the journal map to the file', async () => {
    const arc = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => {
        const a = ((from + k + 1) / 100) * 2 * Math.PI
        return `G1 X${(100 + 20 * Math.cos(a)).toFixed(3)} Y${(100 + 20 * Math.sin(a)).toFixed(3)} E0.05 ; wall`
      })
    const text = ['G90', 'M83', 'G92 X120 Y100 Z0.2 E0', ...arc(0, 40), ';LAYER_CHANGE', ';Z:0.4', ...arc(40, 70), 'M107', ...arc(70, 90)].join('\n') + '\n'
    const path = file('arcs.gcode', text)
    const plain = await drain(path)
    const fitted = await drain(path, 8, { arcFit: { toleranceMm: 0.02 } })
    expect(fitted.map((l) => l.command.slice(0, 2))).toEqual(['G9', 'M8', 'G9', 'G3', 'G3', 'M1', 'G3'])
    expect(fitted.reduce((n, l) => n + (l.fileCommands ?? 1), 0)).toBe(plain.length)
    const byLine = new Map(plain.map((l) => [l.fileLine, l]))
    for (const line of fitted) expect(line.byteEnd).toBe(byLine.get(line.fileLine)?.byteEnd)
    expect(fitted[4]?.layer).toBe(1)
    expect(fitted[4]?.z).toBe(0.4)
    expect(fitted.at(-1)?.byteEnd).toBe(Buffer.byteLength(text))
  })
})
