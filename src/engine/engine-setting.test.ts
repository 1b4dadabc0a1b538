// The printer.engine setting that chooses where the engine runs: default, environment override, validation.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.js'

describe('printer.engine setting', () => {
  it('defaults to the engine process and follows PRINTGATE_PRINTER_ENGINE', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pg-engine-setting-'))
    expect(loadConfig({}, cwd).printer.engine).toBe('process')
    expect(loadConfig({ PRINTGATE_PRINTER_ENGINE: 'in-process' }, cwd).printer.engine).toBe('in-process')
    expect(() => loadConfig({ PRINTGATE_PRINTER_ENGINE: 'worker' }, cwd)).toThrow(/printer\.engine/)
    expect(() => loadConfig({ PRINTGATE_PRINTER_THREAD: 'main' }, cwd)).not.toThrow()
  })
})
