// The printer.thread setting that chooses the engine worker: default, environment override, validation.

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load.js'

describe('printer.thread setting', () => {
  it('defaults to the engine process and follows PRINTGATE_PRINTER_THREAD', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pg-cfg-'))
    expect(loadConfig({}, cwd).printer.thread).toBe('process')
    expect(loadConfig({ PRINTGATE_PRINTER_THREAD: 'worker' }, cwd).printer.thread).toBe('worker')
    expect(loadConfig({ PRINTGATE_PRINTER_THREAD: 'main' }, cwd).printer.thread).toBe('main')
    expect(() => loadConfig({ PRINTGATE_PRINTER_THREAD: 'fibre' }, cwd)).toThrow(/printer\.thread/)
  })
})
