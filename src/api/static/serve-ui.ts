// Serves the phone UI: brotli or gzip by Accept-Encoding, ETags with 304s, content-hashed URLs cached for a year.
import type { Context, MiddlewareHandler } from 'hono'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { fillPage, loadFirstScreen } from './first-paint.js'
import { folderSignature, readUiSnapshot, type UiAsset, type UiSnapshot } from './ui-assets.js'

const YEAR = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

type Encoding = 'br' | 'gzip' | 'identity'

/** The best encoding the client accepts among those the asset has (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined, asset: Pick<UiAsset, 'br' | 'gzip'>): Encoding {
  const accepted = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean)
    accepted.set(name, q === undefined ? 1 : Number(q))
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (asset.br && ok('br')) return 'br'
  if (asset.gzip && ok('gzip')) return 'gzip'
  return 'identity'
}

const etagOf = (asset: UiAsset, encoding: Encoding) => `"${asset.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`

function matches(ifNoneMatch: string | undefined, asset: UiAsset): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '').replace(/"/g, '').split('-')[0] === asset.hash)
}

export interface ServeUiOptions {
  /** Re-read the folder when a file changed (on by default: editing the UI needs no restart). */
  watch?: boolean
  /** Milliseconds clock for the once-a-second folder check. */
  now?: () => number
  /** Told once per folder change when esbuild cannot bundle app.js (the modules are then served one by one). */
  onBundleProblem?: (problem: string) => void
  /**
   * The printer view (as GET /api/printer/status) to render into the page for this caller, or null (not allowed to
   * read it): the page is then made per request and never cached.
   */
  firstState?: (c: Context) => unknown
}

/** A page made for one request: compressed fast, since it is made every time. */
function encodeOnce(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'br') return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
  if (encoding === 'gzip') return gzipSync(body, { level: 6 })
  return body
}

/** A GET/HEAD handler for every UI path; anything not in the folder falls through to the next handler. */
export function serveUi(root: string, { watch = true, now = Date.now, onBundleProblem, firstState }: ServeUiOptions = {}): MiddlewareHandler {
  const renderer = loadFirstScreen(root)
  const read = () => {
    const next = readUiSnapshot(root)
    if (next.bundleProblem) onBundleProblem?.(next.bundleProblem)
    return next
  }
  let snapshot: UiSnapshot = read()
  let checkedAt = 0

  // The folder is listed at most once a second, so a burst of requests for one page costs one listing.
  const current = (): UiSnapshot => {
    if (!watch || now() - checkedAt < 1000) return snapshot
    checkedAt = now()
    if (folderSignature(root) !== snapshot.signature) snapshot = read()
    return snapshot
  }

  /** The page with the printer's state in it, or null to serve the plain page. */
  async function filledPage(c: Context, asset: UiAsset): Promise<Buffer | null> {
    // Only a page opened as a document is filled: the service worker's offline copy (a fetch) must not look live later.
    // A navigation the worker passes on (fetch(event.request)) keeps Sec-Fetch-Mode: navigate but says Sec-Fetch-Dest: empty.
    const dest = c.req.header('sec-fetch-dest')
    if (dest && dest !== 'document' && c.req.header('sec-fetch-mode') !== 'navigate') return null
    const printer = firstState?.(c) ?? null
    if (printer === null) return null
    const render = await renderer()
    const page = render ? fillPage(asset.body.toString('utf8'), render(printer, now())) : null
    return page === null ? null : Buffer.from(page)
  }

  return async function uiFiles(c: Context, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const path = c.req.path === '/' ? '/index.html' : c.req.path
    const asset = current().assets.get(path)
    if (!asset) return next()
    const encoding = pickEncoding(c.req.header('accept-encoding'), asset)
    if (asset.styleHashes.length > 0) c.set('inlineStyleHashes', asset.styleHashes)
    const filled = path === '/index.html' ? await filledPage(c, asset) : null
    if (filled) {
      const body = encodeOnce(filled, encoding)
      const headers: Record<string, string> = {
        'Cache-Control': 'no-store',
        Vary: 'Accept-Encoding',
        'Content-Type': asset.type,
        'Content-Length': String(body.length),
      }
      if (encoding !== 'identity') headers['Content-Encoding'] = encoding
      if (c.req.method === 'HEAD') return c.body(null, 200, headers)
      return c.body(new Uint8Array(body), 200, headers)
    }
    const pinned = asset.versioned && c.req.query('v') === asset.hash
    const headers: Record<string, string> = {
      'Cache-Control': pinned ? YEAR : REVALIDATE,
      ETag: etagOf(asset, encoding),
      Vary: 'Accept-Encoding',
    }
    if (matches(c.req.header('if-none-match'), asset)) return c.body(null, 304, headers)
    const body = encoding === 'br' ? asset.br! : encoding === 'gzip' ? asset.gzip! : asset.body
    headers['Content-Type'] = asset.type
    headers['Content-Length'] = String(body.length)
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding
    if (path === '/sw.js') headers['Service-Worker-Allowed'] = '/'
    if (c.req.method === 'HEAD') return c.body(null, 200, headers)
    return c.body(new Uint8Array(body), 200, headers)
  }
}
