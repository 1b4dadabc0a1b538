// The installed command: bin/printgate.js loads the TypeScript CLI through tsx and runs a whole plan.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/printgate.js', import.meta.url))
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 })

describe('bin/printgate.js', () => {
  it('plans a request into intent, STL and G-code (workers start under tsImport too)', () => {
    const out = mkdtempSync(join(tmpdir(), 'pg-cli-'))
    const res = run(['plan', 'print a 2 cm cube in PLA', '--out', out])
    expect(res.stderr).not.toMatch(/Error/)
    expect(res.status).toBe(0)
    expect(res.stdout).toContain('20 × 20 × 20 mm')
    for (const f of ['intent.json', 'model.stl', 'model.gcode']) expect(existsSync(join(out, f))).toBe(true)
    expect(JSON.parse(readFileSync(join(out, 'intent.json'), 'utf8'))).toMatchObject({ object: 'cube', shape: { kind: 'box', width: 20, depth: 20, height: 20 }, material: 'PLA' })
  })

  it('exits 2 with the command list for an unknown command', () => {
    const res = run(['nonsense'])
    expect(res.status).toBe(2)
    expect(res.stderr).toContain('plan')
  })
})
