// The page with the printer's first state: the real UI renderer and index.html, hostile strings kept as text, printing progress.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { fillPage, loadFirstScreen } from './first-paint.js'
import { serveUi } from './serve-ui.js'

const UI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui')
const page = readFileSync(join(UI, 'index.html'), 'utf8')
const printer = (over: Record<string, unknown>) => ({
  state: 'operational',
  reason: null,
  temperatures: { tools: [{ actual: 201.4, target: 200 }], bed: { actual: 59.6, target: 60 } },
  temperatures_age_ms: 400,
  job: null,
  prompt: null,
  ...over,
})

describe('first paint', () => {
  it('fills the pill, the title, <main> and the seed of the real index.html', async () => {
    const render = (await loadFirstScreen(UI)())!
    const html = fillPage(page, render(printer({ state: 'printing', job: { percent: 42.4 } }), 1_000))!
    expect(html).toContain('<span class="state-pill" id="printer-state" data-state="printing" elementtiming="first-state">Printing</span>')
    expect(html).toContain('<title>42 % printing · printgate</title>')
    expect(html).toMatch(/id="tool-temp" elementtiming="first-tool-temp">201°<\/span><span class="temp-target" id="tool-target">→ 200°/)
    expect(html).toMatch(/id="bed-temp" elementtiming="first-bed-temp">60°</)
    expect(html).toContain('<progress max="100" value="42.4"')
    expect(html).not.toContain('Loading…')
    const seed = /<script type="application\/json" id="first-state">(.*)<\/script>/.exec(html)![1]!
    expect(JSON.parse(seed).job.percent).toBe(42.4)
  })

  it('escapes every value: a hostile state and reason stay text, the seed cannot close its script', async () => {
    const render = (await loadFirstScreen(UI)())!
    const hostile = '"><script>alert(1)</script>'
    const html = fillPage(page, render(printer({ state: hostile, reason: '</script><img src=x onerror=alert(1)>' })))!
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('data-state="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    const seed = /<script type="application\/json" id="first-state">(.*)<\/script>/.exec(html)![1]!
    expect(JSON.parse(seed).reason).toBe('</script><img src=x onerror=alert(1)>')
  })

  it('greys a reading that is old or from a printer that is not connected', async () => {
    const render = (await loadFirstScreen(UI)())!
    expect(render(printer({ temperatures_age_ms: 9_000 })).main).toContain('data-stale="true"')
    expect(render(printer({ state: 'disconnected' })).main).toContain('target unknown')
    expect(render(printer({})).main).toContain('data-stale="false"')
  })

  it('serves the filled page uncached to a document, and the plain page to the service worker or a caller who may not read the printer', async () => {
    const app = new Hono()
    let allowed = true
    app.get('/*', serveUi(UI, { watch: false, firstState: () => (allowed ? printer({}) : null) }))
    const filled = await app.request('/', { headers: { 'accept-encoding': 'identity' } })
    expect(filled.headers.get('cache-control')).toBe('no-store')
    expect(filled.headers.get('etag')).toBeNull()
    expect(await filled.text()).toContain('id="first-state"')
    // The service worker's own fetch of the page (its offline copy) is not a document: plain, so offline it cannot look live.
    const forWorker = await app.request('/', { headers: { 'accept-encoding': 'identity', 'sec-fetch-dest': 'empty' } })
    expect(await forWorker.text()).not.toContain('id="first-state"')
    const opened = await app.request('/', { headers: { 'accept-encoding': 'identity', 'sec-fetch-dest': 'document' } })
    expect(await opened.text()).toContain('id="first-state"')
    // A navigation the worker passes on (fetch(event.request)) is still the page being opened.
    const passedOn = await app.request('/', { headers: { 'accept-encoding': 'identity', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'navigate' } })
    expect(await passedOn.text()).toContain('id="first-state"')
    allowed = false
    const plain = await app.request('/', { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('cache-control')).toBe('no-cache')
    expect(await plain.text()).not.toContain('id="first-state"')
  })

  it('leaves a page without the places to fill alone', () => {
    expect(fillPage('<html><body></body></html>', { state: 'x', stateWords: 'x', title: 'x', main: 'x', seed: '{}' })).toBeNull()
  })
})
