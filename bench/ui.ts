// npm run bench:ui [-- --seconds 60 --cpu 4 --rtt 150 --runs 3] — the phone UI in Chromium: first useful paint and bytes per minute while printing.
// The gateway runs on the simulator behind a byte-counting TCP proxy, so every figure is bytes on the wire (headers,
// compression and WebSocket frames included). First useful paint = navigation start until a frame showing the printer's
// state and both temperatures was presented, with the CPU slowed down and a fixed round trip added by Chromium, as
// Chromium itself reports it: the Element Timing `renderTime` of the last of the three elements the gateway marks
// (`elementtiming="first-…"`, only ever on live values), each checked to have shown the gateway's state and a number of
// degrees in the frame it was painted in. Chosen over largest-contentful-paint (its last candidate is whatever is biggest,
// e.g. the chart's placeholder, not what makes the screen useful) and over polling the DOM (Playwright's poller starts
// only after app.js has run; an animation-frame poller sees the DOM before the frame's style, layout and paint, which on
// a first visit take hundreds of ms). LCP and both pollers are printed beside it for comparison.
import type { Browser, CDPSession, Page } from 'playwright-core'
import { launchBrowser, startGateway, waitFor, type RunningGateway } from '../test/ui/harness.js'
import { startProxy } from '../test/ui/proxy.js'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const SECONDS = arg('seconds', 60)
const CPU = arg('cpu', 4)
const RTT = arg('rtt', 150)
const RUNS = arg('runs', 3)
const SIM_URL = 'sim://marlin?baud=250000&latencyMs=2&heatRate=400&bedHeatRate=200&homeMs=200'

/** A print of slow long moves that lasts several minutes on the simulator. */
function slowPrint(): string {
  const lines = ['; bench:ui slow print', 'M140 S50', 'M104 S200', 'M190 S50', 'M109 S200', 'G28', 'G90', 'M82', 'G92 E0', 'G1 Z0.2 F600']
  let e = 0
  for (let layer = 0; layer < 40; layer++) {
    lines.push(`G1 Z${(0.2 + layer * 0.2).toFixed(1)} F600`)
    for (const [x, y] of [
      [20, 20],
      [180, 20],
      [180, 180],
      [20, 180],
    ] as const) {
      e += 2
      lines.push(`G1 X${x} Y${y} E${e.toFixed(2)} F1200`)
    }
  }
  lines.push('M104 S0', 'M140 S0', 'M84', '')
  return lines.join('\n')
}

async function throttle(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU })
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT, downloadThroughput: -1, uploadThroughput: -1 })
  return cdp
}

/** The condition of a useful paint: printer state and both temperatures on the dashboard. */
const USEFUL = `(() => {
  const state = document.getElementById('printer-state')?.dataset.state
  const tool = document.getElementById('tool-temp')?.textContent ?? ''
  const bed = document.getElementById('bed-temp')?.textContent ?? ''
  return Boolean(state && state !== 'unknown' && /\\d°/.test(tool) && /\\d°/.test(bed))
})()`

/** The `elementtiming` names the gateway puts on the first screen it renders (src/api/static/first-paint.ts, js/first-screen.js). */
const MARKED = ['first-state', 'first-tool-temp', 'first-bed-temp'] as const

/**
 * Installed before the page's own scripts (an init script), on every document:
 * - the useful condition polled on every animation frame (`__usefulAt`); Playwright's own poller is installed only once the
 *   page's main thread is free, i.e. after app.js has run, whatever the page showed;
 * - Chromium's Element Timing and largest-contentful-paint entries (buffered, so none is missed);
 * - the text of each marked element in the first frame it existed in: animation-frame callbacks run just before that
 *   frame's paint, so this is what the paint showed (an entry's `element` is null once app.js has replaced the node).
 */
const INIT = `(() => {
  const paints = (window.__paints = { element: [], lcp: [], shown: {} })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) paints.element.push({ name: e.identifier, at: e.renderTime || e.loadTime })
  }).observe({ type: 'element', buffered: true })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) paints.lcp.push({ at: e.renderTime || e.startTime, what: e.element ? e.element.id || e.element.className : '' })
  }).observe({ type: 'largest-contentful-paint', buffered: true })
  requestAnimationFrame(function look() {
    for (const el of document.querySelectorAll('[elementtiming]')) {
      const name = el.getAttribute('elementtiming')
      if (!(name in paints.shown)) paints.shown[name] = { text: el.textContent, state: el.dataset.state ?? null }
    }
    if (Object.keys(paints.shown).length < ${MARKED.length} && performance.now() < 30000) requestAnimationFrame(look)
  })
  requestAnimationFrame(function poll() {
    if (${USEFUL}) window.__usefulAt = performance.now()
    else requestAnimationFrame(poll)
  })
})()`

interface Paints {
  element: { name: string; at: number }[]
  lcp: { at: number; what: string }[]
  shown: Record<string, { text: string; state: string | null }>
}

/** One measured visit's figures, ms from navigation start. */
interface Visit {
  /** Chromium's paint of the last of the three marked elements (Element Timing `renderTime`): the headline. */
  chromium: number
  /** The last largest-contentful-paint candidate Chromium reported. */
  lcp: number
  lcpWhat: string
  /** The init script's poller. */
  early: number
}

/**
 * The marked elements as painted must show the printer as the gateway reports it, not a placeholder: the state pill the
 * gateway's state, both temperatures a number of degrees.
 */
function checkUseful(paints: Paints, printer: { state: string }): void {
  const state = paints.shown['first-state']
  const problems: string[] = []
  if (state?.state !== printer.state || !state.text || state.text === '…')
    problems.push(`state pill painted as ${JSON.stringify(state)}, gateway says ${printer.state}`)
  for (const name of ['first-tool-temp', 'first-bed-temp'])
    if (!/^\d+°$/.test(paints.shown[name]?.text ?? '')) problems.push(`${name} painted as ${JSON.stringify(paints.shown[name]?.text)}`)
  if (problems.length > 0) throw new Error(`the first paint was not useful: ${problems.join('; ')}`)
}

/**
 * Waits in the page, after load, for Chromium's reports of the marked elements and the init script's poller. Nothing of
 * Playwright's is injected into a measured page before that (its waitForFunction poller is a script of its own, costing
 * the page's main thread tens to hundreds of ms at 4x CPU while the first screen is being laid out).
 */
const REPORTED = `new Promise((resolve, reject) => {
  const names = ${JSON.stringify(MARKED)}
  const started = performance.now()
  ;(function check() {
    const paints = window.__paints
    if (window.__usefulAt && names.every((name) => paints.element.some((e) => e.name === name) && name in paints.shown))
      resolve(JSON.stringify({ paints, early: window.__usefulAt }))
    else if (performance.now() - started > 30000) reject(new Error('Chromium did not report every marked element painted: ' + JSON.stringify(paints)))
    else setTimeout(check, 50)
  })()
})`

async function visit(page: Page, url: string, statusUrl: string): Promise<Visit> {
  await page.goto(url, { waitUntil: 'load' })
  const { paints, early } = JSON.parse(String(await page.evaluate(REPORTED))) as { paints: Paints; early: number }
  checkUseful(paints, (await (await fetch(statusUrl)).json()) as { state: string })
  const paintOf = (name: string) => Math.min(...paints.element.filter((e) => e.name === name).map((e) => e.at))
  const lcp = paints.lcp.at(-1)
  return { chromium: Math.max(...MARKED.map(paintOf)), lcp: lcp?.at ?? NaN, lcpWhat: lcp?.what ?? '', early }
}

/** For comparison, on visits of their own: the useful condition as Playwright's poller sees it (it runs once app.js has). */
async function playwrightVisit(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' })
  const handle = await page.waitForFunction(
    () => {
      const doc = (
        globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null; dataset: Record<string, string> } | null } }
      ).document
      const state = doc.getElementById('printer-state')?.dataset.state
      const tool = doc.getElementById('tool-temp')?.textContent ?? ''
      const bed = doc.getElementById('bed-temp')?.textContent ?? ''
      return state && state !== 'unknown' && /\d°/.test(tool) && /\d°/.test(bed) ? performance.now() : false
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  )
  return Number(await handle.jsonValue())
}

async function startSlowPrint(gateway: RunningGateway): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([slowPrint()]), 'bench-slow.gcode')
  const uploaded = (await (await fetch(`${gateway.url}/api/files`, { method: 'POST', body: form })).json()) as { id: string }
  const job = (await (
    await fetch(`${gateway.url}/api/print-request`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ file_id: uploaded.id }),
    })
  ).json()) as { job_id: string }
  await waitFor(
    async () => {
      const printer = (await (await fetch(`${gateway.url}/api/printer/status`)).json()) as { state: string }
      return printer.state === 'printing'
    },
    60_000,
    'the bench print to start',
  )
  return job.job_id
}

/** Per URL (query left out) and per WebSocket message type: how many and how many bytes, scaled to a minute. */
function traceTraffic(page: Page) {
  let started = Date.now()
  let sizes: Promise<[string, number]>[] = []
  const frames = new Map<string, { count: number; chars: number }>()
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname
    sizes.push(
      request.sizes().then(
        (s) => [path, s.responseBodySize + s.responseHeadersSize],
        () => [path, 0],
      ),
    )
  })
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8')
      const type = `ws ${/"type":"([^"]+)"/.exec(text)?.[1] ?? '?'}`
      const row = frames.get(type) ?? { count: 0, chars: 0 }
      row.count++
      row.chars += text.length
      frames.set(type, row)
    }),
  )
  return {
    reset() {
      started = Date.now()
      sizes = []
      frames.clear()
    },
    async table(): Promise<string[]> {
      const minutes = (Date.now() - started) / 60_000
      const rows = new Map<string, { count: number; bytes: number }>()
      for (const [path, bytes] of await Promise.all(sizes)) {
        const row = rows.get(path) ?? { count: 0, bytes: 0 }
        row.count++
        row.bytes += bytes
        rows.set(path, row)
      }
      const http = [...rows].map(([path, r]) => `${path}: ${(r.count / minutes).toFixed(1)}/min, ${kb(r.bytes / minutes)}/min (encoded body + headers)`)
      const ws = [...frames].map(([type, r]) => `${type}: ${(r.count / minutes).toFixed(1)}/min, ${kb(r.chars / minutes)}/min before deflate`)
      return [...http, ...ws]
    },
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

async function main() {
  const gateway = await startGateway(SIM_URL)
  const proxy = await startProxy(Number(new URL(gateway.url).port))
  const url = `${proxy.url}/`
  let browser: Browser | null = null
  try {
    browser = await launchBrowser()
    const cold: Visit[] = []
    const warm: Visit[] = []
    let coldBytes = 0
    let warmBytes = 0
    const statusUrl = `${gateway.url}/api/printer/status`
    const polled: { cold: number[]; warm: number[] } = { cold: [], warm: [] }
    for (let run = 0; run < RUNS; run++) {
      let context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
      let page = await context.newPage()
      await page.addInitScript(INIT)
      await throttle(page)
      let before = proxy.bytesDown()
      cold.push(await visit(page, url, statusUrl))
      // The service worker's install (its offline copy) belongs to the first visit's bytes.
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
      await page.waitForLoadState('networkidle')
      coldBytes = proxy.bytesDown() - before
      before = proxy.bytesDown()
      warm.push(await visit(page, url, statusUrl))
      await page.waitForLoadState('networkidle')
      warmBytes = proxy.bytesDown() - before
      await context.close()

      context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
      page = await context.newPage()
      await throttle(page)
      polled.cold.push(await playwrightVisit(page, url))
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
      await page.waitForLoadState('networkidle')
      polled.warm.push(await playwrightVisit(page, url))
      await context.close()
    }
    const figure = (xs: number[]) => `${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`
    console.log(`first useful paint at ${CPU}x CPU slowdown, ${RTT} ms round trip (median of ${RUNS}), as Chromium reports it`)
    console.log(`(Element Timing renderTime of the last of ${MARKED.join(', ')}, each checked to show the live value):`)
    console.log(`  first visit ${figure(cold.map((v) => v.chromium))}, ${kb(coldBytes)} on the wire`)
    console.log(`  repeat visit ${figure(warm.map((v) => v.chromium))}, ${kb(warmBytes)} on the wire`)
    console.log('for comparison: largest contentful paint, the condition polled by an init script from the first frame (both on')
    console.log("the same visits), and by Playwright's poller (after app.js; on visits of their own, as its script slows the page):")
    for (const [name, visits, byPlaywright] of [
      ['first visit', cold, polled.cold],
      ['repeat visit', warm, polled.warm],
    ] as const)
      console.log(
        `  ${name}: LCP ${figure(visits.map((v) => v.lcp))} [${[...new Set(visits.map((v) => v.lcpWhat))].join(', ')}]; init script ${figure(visits.map((v) => v.early))}; Playwright ${figure(byPlaywright)}`,
      )

    await startSlowPrint(gateway)
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    // Hooked before the page opens its WebSocket; counting starts with the measured window.
    const traffic = traceTraffic(page)
    await page.goto(url)
    await page.waitForSelector('#printer-state[data-state="printing"]')
    await page.waitForLoadState('networkidle')
    traffic.reset()
    const start = proxy.bytesDown()
    await new Promise((r) => setTimeout(r, SECONDS * 1000))
    const perMinute = ((proxy.bytesDown() - start) * 60) / SECONDS
    console.log(`while printing, dashboard open: ${kb(perMinute)}/min on the wire (${SECONDS} s measured)`)
    for (const line of await traffic.table()) console.log(`  ${line}`)
    await context.close()
  } finally {
    await browser?.close()
    await proxy.close()
    await gateway.stop()
  }
}

await main()
