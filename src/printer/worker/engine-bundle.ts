// Bundles the engine's TypeScript entry into one plain-JS file, so its process runs without the tsx loader.
/*
 * Under tsx a process carries the TypeScript loader and its hooks thread: the engine measured 96 MB RSS
 * that way and 53 MB as a bundle. The bundle is rebuilt whenever one of its source files changes
 * (their sizes and modification times are kept beside it), written under a temporary name and renamed,
 * so gateways starting together never read half a file. The engine runs it, so it is kept only in a
 * folder no other user can write to (the gateway's data folder, or a per-user temporary one).
 * Packages stay outside the bundle, imported by absolute URL, so the native serial binding finds its
 * compiled addon where npm put it; every `import.meta.url` keeps naming its own source file (the
 * firmware profiles are found from there).
 */
import { build, type Plugin } from 'esbuild'
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

type Stamps = Record<string, [size: number, mtimeMs: number]>

const BUILTINS = new Set(builtinModules)
const HERE = dirname(fileURLToPath(import.meta.url))
const INNER = Symbol('resolving a package')

function stamp(path: string): [number, number] | null {
  try {
    const s = statSync(path)
    return [s.size, s.mtimeMs]
  } catch {
    return null
  }
}

function fresh(bundle: string, stampsFile: string): boolean {
  if (!existsSync(bundle) || !existsSync(stampsFile)) return false
  try {
    const stamps = JSON.parse(readFileSync(stampsFile, 'utf8')) as Stamps
    return Object.entries(stamps).every(([path, [size, mtime]]) => {
      const now = stamp(path)
      return now !== null && now[0] === size && now[1] === mtime
    })
  } catch {
    return false
  }
}

const sourceFacts: Plugin = {
  name: 'printgate-source-facts',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === INNER) return undefined
      if (args.path.startsWith('node:') || BUILTINS.has(args.path)) return { path: args.path, external: true }
      // esbuild finds the package's ESM file (import conditions) from the gateway's own node_modules.
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: HERE, pluginData: INNER })
      if (found.errors.length > 0) return { errors: found.errors }
      return { path: pathToFileURL(found.path).href, external: true }
    })
    b.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }))
  },
}

/** A folder only this user can write to: code is loaded from it. */
function privateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  const s = statSync(path)
  const uid = process.getuid?.()
  if (!s.isDirectory() || (uid !== undefined && s.uid !== uid) || (s.mode & 0o022) !== 0) {
    throw new Error(`${path} is not a folder that only this user can write to`)
  }
}

/** The path of an up-to-date bundle of `entry` (an absolute .ts path), building it when needed. */
export async function engineBundle(entry: string, cacheDir = join(tmpdir(), `printgate-engine-${process.getuid?.() ?? 'user'}`)): Promise<string> {
  privateFolder(cacheDir)
  const key = createHash('sha256').update(entry).digest('hex').slice(0, 12)
  const bundle = join(cacheDir, `engine-${key}.mjs`)
  const stampsFile = `${bundle}.sources.json`
  if (fresh(bundle, stampsFile)) return bundle
  const workDir = process.cwd()
  const result = await build({
    absWorkingDir: workDir,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceFacts],
  })
  const stamps: Stamps = {}
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(workDir, input)
    const s = stamp(path)
    if (s) stamps[path] = s
  }
  const unique = `${process.pid}-${Date.now()}`
  writeFileSync(`${bundle}.${unique}`, result.outputFiles[0]!.contents)
  writeFileSync(`${stampsFile}.${unique}`, JSON.stringify(stamps))
  renameSync(`${bundle}.${unique}`, bundle)
  renameSync(`${stampsFile}.${unique}`, stampsFile)
  return bundle
}
