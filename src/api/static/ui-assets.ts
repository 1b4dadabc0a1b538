// The phone UI's files as served: app.js bundled by esbuild (one request instead of 18), links pinned to content hashes, brotli and gzip.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join, posix, relative, sep } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { inlineStyles } from './inline-style.js'

export interface UiAsset {
  /** URL path, e.g. `/js/api.js`. */
  path: string
  type: string
  /** First 16 hex digits of the sha256 of the served (rewritten) content. */
  hash: string
  body: Buffer
  br: Buffer | null
  gzip: Buffer | null
  /** Served with `?v=<hash>` and cached for a year; the page and sw.js are always revalidated. */
  versioned: boolean
  /** CSP sources (`'sha256-…'`) for the page's inlined stylesheets; empty for every other file. */
  styleHashes: readonly string[]
}

export interface UiSnapshot {
  assets: Map<string, UiAsset>
  /** Why app.js is served as separate modules, when the bundle could not be built. */
  bundleProblem: string | null
  /** Paths, sizes and modification times of the folder when it was read. */
  signature: string
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.webmanifest', '.svg'])
const UNVERSIONED = new Set(['/index.html', '/sw.js'])
/** `from './x.js'`, `import './x.js'`, `import('./x.js')` with a relative specifier. */
const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"?#]+\.js)\2/g
/** A preload of a module the bundle already contains. */
const MODULE_PRELOAD = /[ \t]*<link rel="modulepreload"[^>]*>\n?/g
/** `href="/x"` and `src="/x"` in the page. */
const PAGE_LINK = /\b(href|src)="(\/[^"?#]*)"/g

function listFiles(root: string): { path: string; file: string; size: number; mtimeMs: number }[] {
  const out: { path: string; file: string; size: number; mtimeMs: number }[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.isFile() && !/\.test\.[jt]s$/.test(entry.name) && entry.name !== PREBUILT_BUNDLE) {
        const stat = statSync(file)
        out.push({ path: `/${relative(root, file).split(sep).join('/')}`, file, size: stat.size, mtimeMs: stat.mtimeMs })
      }
    }
  }
  walk(root)
  return out.sort((a, b) => a.path.localeCompare(b.path))
}

/** A cheap fingerprint of the folder: any added, removed or edited file changes it. */
export function folderSignature(root: string): string {
  return listFiles(root)
    .map((f) => `${f.path}:${f.size}:${f.mtimeMs}`)
    .join('|')
}

const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 16)

function compress(ext: string, body: Buffer): Pick<UiAsset, 'br' | 'gzip'> {
  if (!COMPRESSIBLE.has(ext) || body.length < 256) return { br: null, gzip: null }
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
  const gzip = gzipSync(body, { level: 9 })
  return { br: br.length < body.length ? br : null, gzip: gzip.length < body.length ? gzip : null }
}

/** The bundle the build step made (scripts/build.mjs, in dist/ui), with the hash of the modules it was made from. */
const PREBUILT_BUNDLE = 'app.bundle.json'

/** Every module of the UI, by path and content: a prebuilt bundle counts only while this is unchanged. */
function sourcesHash(raw: Map<string, Buffer>): string {
  const hash = createHash('sha256')
  for (const [path, body] of [...raw].filter(([p]) => p.endsWith('.js')).sort(([a], [b]) => a.localeCompare(b))) hash.update(path).update('\0').update(body)
  return hash.digest('hex')
}

function prebuiltBundle(root: string, raw: Map<string, Buffer>): Buffer | null {
  try {
    const built = JSON.parse(readFileSync(join(root, PREBUILT_BUNDLE), 'utf8')) as { sources: string; code: string }
    return built.sources === sourcesHash(raw) ? Buffer.from(built.code) : null
  } catch {
    return null
  }
}

/** Build step: bundles app.js into `root` so the gateway serves it without loading esbuild. Returns the bundle's size or the problem. */
export function writeUiBundle(root: string): number | string {
  const raw = new Map(listFiles(root).map((f) => [f.path, readFileSync(f.file)]))
  const bundle = esbuildApp(root)
  if ('problem' in bundle) return bundle.problem
  writeFileSync(join(root, PREBUILT_BUNDLE), JSON.stringify({ sources: sourcesHash(raw), code: bundle.code.toString('utf8') }))
  return bundle.code.length
}

/** app.js and everything it imports as one minified ES module: the build step's, else made now; the reason when esbuild refuses. */
function bundleApp(root: string, raw: Map<string, Buffer>): { code: Buffer } | { problem: string } {
  const prebuilt = prebuiltBundle(root, raw)
  return prebuilt ? { code: prebuilt } : esbuildApp(root)
}

function esbuildApp(root: string): { code: Buffer } | { problem: string } {
  // Required here, not imported: a gateway running from dist/ serves the build step's bundle and never loads esbuild.
  const { buildSync, stop: stopEsbuild } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
  try {
    const result = buildSync({
      entryPoints: [join(root, 'app.js')],
      bundle: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
      charset: 'utf8',
    })
    return { code: Buffer.from(result.outputFiles[0]!.contents) }
  } catch (error) {
    return { problem: (error as Error).message.split('\n')[0] ?? 'esbuild failed' }
  } finally {
    // esbuild keeps a service process (about 18 MB RSS) for later builds; the next bundle starts a new one.
    void stopEsbuild()
  }
}

/** Reads the folder once: every module's imports carry the hash of what they import, so a change anywhere reaches the page. */
export function readUiSnapshot(root: string): UiSnapshot {
  const files = listFiles(root)
  const raw = new Map(files.map((f) => [f.path, readFileSync(f.file)]))
  const served = new Map<string, Buffer>()
  const visiting = new Set<string>()

  const serveModule = (path: string): Buffer => {
    const done = served.get(path)
    if (done) return done
    const source = raw.get(path)!
    // An import cycle keeps the unpinned specifier; the module is then revalidated instead of cached for a year.
    if (visiting.has(path)) return source
    visiting.add(path)
    const text = source.toString('utf8').replace(RELATIVE_IMPORT, (whole, lead: string, quote: string, spec: string) => {
      const target = posix.join(posix.dirname(path), spec)
      if (!raw.has(target) || visiting.has(target)) return whole
      return `${lead}${quote}${spec}?v=${hashOf(serveModule(target))}${quote}`
    })
    visiting.delete(path)
    const body = Buffer.from(text)
    served.set(path, body)
    return body
  }
  for (const f of files) if (extname(f.path) === '.js' && !UNVERSIONED.has(f.path)) serveModule(f.path)
  const bundle = raw.has('/app.js') ? bundleApp(root, raw) : null
  if (bundle && 'code' in bundle) served.set('/app.js', bundle.code)
  for (const f of files) if (!served.has(f.path) && f.path !== '/index.html') served.set(f.path, raw.get(f.path)!)
  const page = raw.get('/index.html')
  let pageStyleHashes: string[] = []
  if (page) {
    const withModules = bundle && 'code' in bundle ? page.toString('utf8').replace(MODULE_PRELOAD, '') : page.toString('utf8')
    const inlined = inlineStyles(withModules, (path) => raw.get(path))
    pageStyleHashes = inlined.hashes
    const text = inlined.page.replace(PAGE_LINK, (whole, attr: string, path: string) => {
      const body = served.get(path)
      return body && !UNVERSIONED.has(path) ? `${attr}="${path}?v=${hashOf(body)}"` : whole
    })
    served.set('/index.html', Buffer.from(text))
  }

  const assets = new Map<string, UiAsset>()
  for (const [path, body] of served) {
    const ext = extname(path)
    assets.set(path, {
      path,
      type: TYPES[ext] ?? 'application/octet-stream',
      hash: hashOf(body),
      body,
      ...compress(ext, body),
      versioned: !UNVERSIONED.has(path),
      styleHashes: path === '/index.html' ? pageStyleHashes : [],
    })
  }
  return {
    assets,
    bundleProblem: bundle && 'problem' in bundle ? bundle.problem : null,
    signature: files.map((f) => `${f.path}:${f.size}:${f.mtimeMs}`).join('|'),
  }
}
