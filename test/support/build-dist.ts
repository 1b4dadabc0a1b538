// Vitest global setup: rebuilds dist/ once per run when a source is newer, so suites start the built gateway (plain JS, as shipped).
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '../..')

/** The newest modification time under `dir` (test files left out: the build leaves them out too). */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) latest = Math.max(latest, newest(path))
    else if (!entry.name.endsWith('.test.ts')) latest = Math.max(latest, statSync(path).mtimeMs)
  }
  return latest
}

/** dist/main.js, or 0 when there is no build. */
function builtAt(): number {
  try {
    return statSync(join(ROOT, 'dist/main.js')).mtimeMs
  } catch {
    return 0
  }
}

export default function setup(): void {
  if (builtAt() > Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'scripts/build.mjs')).mtimeMs)) return
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
}
