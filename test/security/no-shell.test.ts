// Static audit: no source file runs a shell, so nothing user-supplied can reach one.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(ts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : []
  })
}

const SHELL_PATTERNS: [RegExp, string][] = [
  [/import\s*\{[^}]*\bexec(Sync)?\b(?!File)[^}]*\}\s*from\s*['"](node:)?child_process['"]/, 'imports exec/execSync (runs a shell)'],
  [/child_process['"]\)?\.exec(Sync)?\s*\(/, 'calls child_process.exec (runs a shell)'],
  [/\bexecSync\s*\(/, 'calls execSync (runs a shell)'],
  [/\bshell\s*:\s*(true|['"`])/, 'spawns with shell: true'],
  [/\beval\s*\(|new\s+Function\s*\(/, 'evaluates code from strings'],
]

describe('no shell, no eval', () => {
  it('holds for every source file under src/ and bin/', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'bin'))]
    expect(files.length).toBeGreaterThan(50)
    const findings = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return SHELL_PATTERNS.filter(([re]) => re.test(text)).map(([, what]) => `${relative(ROOT, file)}: ${what}`)
    })
    expect(findings).toEqual([])
  })

  it('would notice a shell', () => {
    const sample = "import { exec } from 'node:child_process'\nexec(`prusa-slicer ${name}`)"
    expect(SHELL_PATTERNS.some(([re]) => re.test(sample))).toBe(true)
    expect(SHELL_PATTERNS.some(([re]) => re.test("spawn('prusa-slicer', args, { shell: true })"))).toBe(true)
    expect(SHELL_PATTERNS.some(([re]) => re.test("import { execFile, spawn } from 'node:child_process'"))).toBe(false)
  })
})
