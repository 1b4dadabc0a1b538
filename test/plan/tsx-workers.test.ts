// The CAD and analysis workers also start under the tsx CLI (npm start), not only under vitest.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'printgate-tsx-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('builds a model and analyses G-code in workers when run by tsx', () => {
  const tsxCli = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs')
  const script = fileURLToPath(new URL('./fixtures/workers-under-tsx.ts', import.meta.url))
  const out = execFileSync(process.execPath, [tsxCli, script, dir], { encoding: 'utf8', timeout: 60_000 })
  expect(JSON.parse(out)).toEqual({ triangles: 12, layers: 1 })
})
