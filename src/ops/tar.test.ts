// Round-trips the tiny tar writer/reader, checks it against GNU tar, and rejects damaged headers.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTar, writeTar } from './tar.js'

const longName = `config/${'d'.repeat(120)}/${'f'.repeat(90)}.yaml`
const entries = [
  { name: 'manifest.json', data: Buffer.from('{"a":1}'), mtime: 1_700_000_000 },
  { name: 'db/printgate.db', data: Buffer.alloc(1500, 7), mode: 0o600 },
  { name: longName, data: Buffer.from('x: 1\n') },
  { name: 'empty', data: Buffer.alloc(0) },
]

describe('tar', () => {
  it('round-trips names (incl. > 100 bytes), contents, modes and times', () => {
    const back = readTar(writeTar(entries))
    expect(back.map((e) => e.name)).toEqual(entries.map((e) => e.name))
    expect(back[1]!.data.equals(entries[1]!.data)).toBe(true)
    expect(back[1]!.mode).toBe(0o600)
    expect(back[0]!.mtime).toBe(1_700_000_000)
    expect(back[3]!.data.length).toBe(0)
  })

  it.skipIf(spawnSync('tar', ['--version']).status !== 0)('is read by GNU tar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-tar-'))
    try {
      writeFileSync(join(dir, 'a.tar'), writeTar(entries))
      const list = spawnSync('tar', ['-tf', join(dir, 'a.tar')], { encoding: 'utf8' })
      expect(list.status).toBe(0)
      expect(list.stdout.trim().split('\n')).toEqual(entries.map((e) => e.name))
      expect(spawnSync('tar', ['-xf', join(dir, 'a.tar'), '-C', dir]).status).toBe(0)
      expect(readFileSync(join(dir, longName), 'utf8')).toBe('x: 1\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects a corrupted header and a truncated stream', () => {
    const tar = writeTar(entries)
    const bad = Buffer.from(tar)
    bad[3] = bad[3]! ^ 0xff
    expect(() => readTar(bad)).toThrow(/checksum/)
    expect(() => readTar(tar.subarray(0, 1024 + 512 + 100))).toThrow(/truncated/)
  })
})
