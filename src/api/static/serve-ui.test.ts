// The UI file server: encodings, ETags and 304s, hashed URLs cached for a year, import pinning, edits picked up.
import { Hono } from 'hono'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { securityHeaders } from '../../auth/security-headers.js'
import { pickEncoding, serveUi } from './serve-ui.js'

let root: string
let clock = 0
const big = (word: string) =>
  `// ${word}\n${Array.from({ length: 20 }, (_, i) => `export const ${word}Text${i} = ${JSON.stringify(word.repeat(40))}\n`).join('')}`

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), text)
}

function appOf() {
  const app = new Hono()
  app.get('/*', serveUi(root, { now: () => clock }))
  app.notFound((c) => c.text('nope', 404))
  return app
}

const hashIn = (text: string, path: string) => new RegExp(`${path.replace(/[.]/g, '\\.')}\\?v=([0-9a-f]{16})`).exec(text)?.[1]

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'printgate-ui-static-'))
  write(
    'index.html',
    '<!doctype html><link rel="stylesheet" href="/styles.css"><script type="module" src="/app.js"></script><link rel="modulepreload" href="/js/a.js"><script src="/sw.js"></script>',
  )
  write('styles.css', `body { color: red }\n${'.x { margin: 0 }\n'.repeat(50)}`)
  write('app.js', `import { a } from './js/a.js'\nconsole.log(a)\n${big('app')}`)
  write('js/a.js', `import { bText0 } from './b.js'\nexport const a = bText0\n${big('a')}`)
  write('js/b.js', big('b'))
  write('js/b.test.js', 'test file, never served')
  write('sw.js', big('sw'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('serveUi', () => {
  it('inlines the first-screen stylesheet, and the CSP allows exactly that text by its sha256', async () => {
    write('index.html', '<!doctype html><link rel="stylesheet" href="/first.css" data-inline><title>t</title><link rel="stylesheet" href="/styles.css">')
    write('first.css', '.topbar { display: flex }\n.state-pill { color: green }\n')
    const app = new Hono()
    app.use('*', securityHeaders())
    app.get('/*', serveUi(root, { now: () => clock }))
    const res = await app.request('/', { headers: { 'accept-encoding': 'identity' } })
    const page = await res.text()
    const inline = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1]
    expect(inline).toBe('.topbar { display: flex }\n.state-pill { color: green }\n')
    const hash = `'sha256-${createHash('sha256').update(inline!).digest('base64')}'`
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain(`style-src 'self' ${hash};`)
    expect(csp).not.toContain('unsafe-inline')
    expect(page).toMatch(/<link rel="stylesheet" href="\/styles\.css\?v=[0-9a-f]{16}">/)
    const css = await app.request('/styles.css')
    expect(css.headers.get('content-security-policy')).toContain("style-src 'self';")
  })

  it('serves app.js as one bundle with everything it imports, and pins page links to content hashes', async () => {
    const app = appOf()
    const page = await (await app.request('/')).text()
    expect(page).toMatch(/src="\/app\.js\?v=[0-9a-f]{16}"/)
    expect(page).toMatch(/href="\/styles\.css\?v=[0-9a-f]{16}"/)
    expect(page).toContain('src="/sw.js"')
    // The bundle holds the modules, so their preloads are gone.
    expect(page).not.toContain('modulepreload')
    const appJs = await (await app.request(`/app.js?v=${hashIn(page, '/app.js')}`)).text()
    expect(appJs).not.toMatch(/\bimport\b/)
    expect(appJs).toContain('b'.repeat(40))
    expect((await app.request('/js/b.test.js')).status).toBe(404)
  })

  it('falls back to separate modules pinned to hashes when the bundle cannot be built, and says why', async () => {
    write('js/b.js', 'export const = broken')
    const problems: string[] = []
    const app = new Hono()
    app.get('/*', serveUi(root, { now: () => clock, onBundleProblem: (p) => problems.push(p) }))
    const page = await (await app.request('/')).text()
    expect(problems).toHaveLength(1)
    expect(page).toContain('modulepreload')
    const appJs = await (await app.request(`/app.js?v=${hashIn(page, '/app.js')}`)).text()
    expect(appJs).toMatch(/from '\.\/js\/a\.js\?v=[0-9a-f]{16}'/)
    const aJs = await (await app.request('/js/a.js')).text()
    expect(aJs).toMatch(/from '\.\/b\.js\?v=[0-9a-f]{16}'/)
    expect(hashIn(page, '/js/a.js')).toBe((await app.request('/js/a.js')).headers.get('etag')?.replace(/"/g, ''))
  })

  it('caches hashed URLs for a year and revalidates the page, sw.js and stale hashes', async () => {
    const app = appOf()
    const page = await (await app.request('/')).text()
    const pinned = await app.request(`/app.js?v=${hashIn(page, '/app.js')}`)
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await app.request('/app.js?v=0000000000000000')).headers.get('cache-control')).toBe('no-cache')
    expect((await app.request('/')).headers.get('cache-control')).toBe('no-cache')
    expect((await app.request('/sw.js')).headers.get('cache-control')).toBe('no-cache')
  })

  it('sends brotli or gzip as accepted, the same bytes once decoded, and answers 304 to a known ETag', async () => {
    const app = appOf()
    const plain = await app.request('/js/b.js')
    const raw = Buffer.from(await plain.arrayBuffer())
    expect(plain.headers.get('content-encoding')).toBeNull()
    const br = await app.request('/js/b.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('vary')).toBe('Accept-Encoding')
    const brBody = Buffer.from(await br.arrayBuffer())
    expect(brBody.length).toBeLessThan(raw.length / 3)
    expect(brotliDecompressSync(brBody).equals(raw)).toBe(true)
    const gz = await app.request('/js/b.js', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(raw)).toBe(true)
    const again = await app.request('/js/b.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('etag')! } })
    expect(again.status).toBe(304)
    expect((await again.arrayBuffer()).byteLength).toBe(0)
    const changed = await app.request('/js/b.js', { headers: { 'If-None-Match': '"0000000000000000"' } })
    expect(changed.status).toBe(200)
  })

  it('re-reads the folder after an edit, and the change reaches every importer and the page', async () => {
    const app = appOf()
    const before = await (await app.request('/')).text()
    write('js/b.js', big('b2'))
    clock += 500
    expect(await (await app.request('/')).text()).toBe(before)
    clock += 1000
    const after = await (await app.request('/')).text()
    expect(hashIn(after, '/app.js')).not.toBe(hashIn(before, '/app.js'))
    const aJs = await (await app.request('/js/a.js')).text()
    expect(aJs).toContain(`./b.js?v=${(await app.request('/js/b.js')).headers.get('etag')?.replace(/"/g, '')}`)
    expect(hashIn(after, '/styles.css')).toBe(hashIn(before, '/styles.css'))
  })
})

describe('pickEncoding', () => {
  const both = { br: Buffer.from('x'), gzip: Buffer.from('y') }
  it('prefers brotli, honours q=0 and falls back to identity', () => {
    expect(pickEncoding('gzip, br', both)).toBe('br')
    expect(pickEncoding('gzip, br;q=0', both)).toBe('gzip')
    expect(pickEncoding('*', both)).toBe('br')
    expect(pickEncoding(undefined, both)).toBe('identity')
    expect(pickEncoding('br', { br: null, gzip: both.gzip })).toBe('identity')
  })
})
