// npm run bench:ui [-- --seconds 60 --cpu 4 --rtt 150 --runs 3] — the phone UI in Chromium: first useful paint and bytes per minute while printing.
// The gateway runs on the simulator behind a byte-counting TCP proxy, so every figure is bytes on the wire (headers,
// compression and WebSocket frames included). First useful paint = navigation start until the dashboard shows the
// printer's state and both temperatures, with the CPU slowed down and a fixed round trip added by Chromium; printed as
// polled by Playwright (installed once the page is idle) and, the same condition, polled from the first frame by an init script.
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

/**
 * The same condition, polled on every animation frame from before the page's own scripts (an init script): Playwright's
 * poller below is installed only once the page's main thread is free, i.e. after app.js has run, whatever the page showed.
 */
const EARLY_POLL = `requestAnimationFrame(function poll() {
  if (${USEFUL}) window.__usefulAt = performance.now()
  else requestAnimationFrame(poll)
})`

/** ms from navigation start until printer state and both temperatures are on the dashboard: [Playwright's poller, init-script poller]. */
async function usefulPaint(page: Page, url: string): Promise<[number, number]> {
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
  const early = await page.waitForFunction(() => (globalThis as unknown as { __usefulAt?: number }).__usefulAt, undefined, { timeout: 60_000 })
  return [Number(await handle.jsonValue()), Number(await early.jsonValue())]
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
    const cold: number[] = []
    const warm: number[] = []
    const coldEarly: number[] = []
    const warmEarly: number[] = []
    let coldBytes = 0
    let warmBytes = 0
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
      const page = await context.newPage()
      await page.addInitScript(EARLY_POLL)
      await throttle(page)
      let before = proxy.bytesDown()
      let [late, early] = await usefulPaint(page, url)
      cold.push(late)
      coldEarly.push(early)
      await page.waitForLoadState('networkidle')
      coldBytes = proxy.bytesDown() - before
      before = proxy.bytesDown()
      ;[late, early] = await usefulPaint(page, url)
      warm.push(late)
      warmEarly.push(early)
      await page.waitForLoadState('networkidle')
      warmBytes = proxy.bytesDown() - before
      await context.close()
    }
    console.log(`first useful paint at ${CPU}x CPU slowdown, ${RTT} ms round trip (median of ${RUNS}):`)
    console.log(`  first visit ${Math.round(median(cold))} ms (${cold.map(Math.round).join(', ')}), ${kb(coldBytes)} on the wire`)
    console.log(`  repeat visit ${Math.round(median(warm))} ms (${warm.map(Math.round).join(', ')}), ${kb(warmBytes)} on the wire`)
    console.log('the same condition polled from the first frame by an init script (not delayed by a busy main thread):')
    console.log(`  first visit ${Math.round(median(coldEarly))} ms (${coldEarly.map(Math.round).join(', ')})`)
    console.log(`  repeat visit ${Math.round(median(warmEarly))} ms (${warmEarly.map(Math.round).join(', ')})`)

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
