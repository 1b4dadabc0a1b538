// Builds dist/ from src/: each TypeScript module (tests left out) transpiled to plain ESM by esbuild, every other file copied.
import { build } from 'esbuild'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = join(root, 'src')
const dist = join(root, 'dist')

/** Every file under `dir`, as absolute paths. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? walk(path) : [path]
  })
}

const files = walk(src)
const modules = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
const assets = files.filter((f) => !f.endsWith('.ts'))

// Built beside dist/ and swapped in, so a running gateway or a parallel build never sees half a tree.
const fresh = `${dist}.${process.pid}`
await build({ entryPoints: modules, outdir: fresh, outbase: src, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' })
for (const file of assets) {
  const target = join(fresh, relative(src, file))
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(file, target)
}
// The shipped firmware profiles, validated now: at run time the engine reads them without loading zod.
const { writeValidatedProfiles } = await import(join(fresh, 'profiles', 'load.js'))
const validated = writeValidatedProfiles(join(fresh, 'profiles', 'validated-profiles.json'))
// The phone UI's bundle, made now: the gateway serves it without loading esbuild at run time.
const { writeUiBundle } = await import(join(fresh, 'api', 'static', 'ui-assets.js'))
const uiBundle = writeUiBundle(join(fresh, 'ui'))
// Not fatal: the gateway then serves app.js as separate modules (and says why in its log).
if (typeof uiBundle === 'string') console.warn(`the phone UI could not be bundled: ${uiBundle}`)
const old = `${dist}.old.${process.pid}`
if (existsSync(dist)) renameSync(dist, old)
renameSync(fresh, dist)
rmSync(old, { recursive: true, force: true })
console.log(
  `dist/: ${modules.length} modules, ${assets.length} other files, ${validated} firmware profiles validated, UI bundle ${typeof uiBundle === 'number' ? `${(uiBundle / 1024).toFixed(0)} KB` : 'not made'}`,
)
