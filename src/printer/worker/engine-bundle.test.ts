// The engine bundle: plain node runs it, packages and import.meta.url keep pointing at their real files, edits rebuild it.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { engineBundle } from './engine-bundle.js'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pg-bundle-'))
  writeFileSync(join(dir, 'greeting.ts'), "export const greeting: string = 'hello'\n")
  writeFileSync(
    join(dir, 'entry.ts'),
    [
      "import { z } from 'zod'",
      "import { readFileSync } from 'node:fs'",
      "import { greeting } from './greeting.js'",
      'const here: string = import.meta.url',
      "console.log(JSON.stringify({ greeting: z.string().parse(greeting), here, env: typeof readFileSync }))",
    ].join('\n')
  )
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

const run = (bundle: string) => JSON.parse(execFileSync(process.execPath, [bundle], { encoding: 'utf8' })) as Record<string, string>

describe('engineBundle', () => {
  it('builds a file plain node runs, with packages imported from node_modules and each file keeping its own URL', async () => {
    const bundle = await engineBundle(join(dir, 'entry.ts'), join(dir, 'cache'))
    expect(run(bundle)).toEqual({ greeting: 'hello', here: pathToFileURL(join(dir, 'entry.ts')).href, env: 'function' })
    const text = readFileSync(bundle, 'utf8')
    expect(text).toMatch(/from "file:\/\/\/[^"]*node_modules\/zod\//)
    expect(text).not.toMatch(/tsx/)
  })

  it('reuses the bundle while its sources are unchanged and rebuilds it after an edit', async () => {
    const cache = join(dir, 'cache')
    const first = await engineBundle(join(dir, 'entry.ts'), cache)
    const builtAt = statSync(first).mtimeMs
    utimesSync(first, new Date(builtAt - 60_000), new Date(builtAt - 60_000))
    const reused = await engineBundle(join(dir, 'entry.ts'), cache)
    expect(reused).toBe(first)
    expect(statSync(reused).mtimeMs).toBeLessThan(builtAt - 30_000)
    writeFileSync(join(dir, 'greeting.ts'), "export const greeting: string = 'hello again'\n")
    const rebuilt = await engineBundle(join(dir, 'entry.ts'), cache)
    expect(run(rebuilt).greeting).toBe('hello again')
  })

  it('refuses a folder other users can write to: code is loaded from it', async () => {
    const shared = join(dir, 'shared')
    mkdirSync(shared)
    chmodSync(shared, 0o777)
    await expect(engineBundle(join(dir, 'entry.ts'), shared)).rejects.toThrow(/only this user can write/)
  })

  it('fails loudly on a source that does not compile (the caller falls back to tsx)', async () => {
    writeFileSync(join(dir, 'greeting.ts'), 'export const greeting = (\n')
    await expect(engineBundle(join(dir, 'entry.ts'), join(dir, 'cache'))).rejects.toThrow()
  })
})
