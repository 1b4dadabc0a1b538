import { readFileSync } from 'node:fs'
import { launchBrowser, startGateway } from '../test/ui/harness.js'
import { startProxy } from '../test/ui/proxy.js'
const gateway = await startGateway('sim://marlin?baud=250000&latencyMs=2&heatRate=400&bedHeatRate=200&homeMs=200')
const proxy = await startProxy(Number(new URL(gateway.url).port))
const browser = await launchBrowser()
try {
  // warm the gateway's renderer once
  await fetch(`${proxy.url}/`, { headers: { 'sec-fetch-dest': 'document' } })
  for (const round of [1, 2, 3, 4, 5, 6]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: -1, uploadThroughput: -1 })
    const path = `/tmp/phone3-trace-${round}.json`
    if (round % 2 === 0) await page.route(/\/$/, async (route) => { const r = await route.fetch(); const body = (await r.text()).replace(/[◉☰⚙]/g, 'o'); await route.fulfill({ response: r, body, headers: { ...r.headers(), 'content-encoding': '' } }) })
    await browser.startTracing(page, { path, categories: ['devtools.timeline', 'blink.user_timing', 'loading', 'disabled-by-default-devtools.timeline'] })
    await page.goto(proxy.url + '/', { waitUntil: 'commit' })
    await page.waitForFunction(`performance.getEntriesByType('element').length >= 3 || (window.__x = (window.__x||0)+1) > 1e9`, null, { timeout: 30000 }).catch(() => {})
    await page.waitForTimeout(2500)
    await browser.stopTracing()
    const fcp = await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime`)
    const nav = await page.evaluate(`JSON.stringify(performance.getEntriesByType('navigation').map(e => [e.responseStart, e.responseEnd, e.domInteractive].map(Math.round)))`)
    console.log('round', round, 'fcp', fcp, nav)
    const events = (JSON.parse(readFileSync(path, 'utf8')).traceEvents ?? []) as { name: string; ts: number; dur?: number; ph: string; tid: number; pid: number; args?: any }[]
    const navStart = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args?.data?.documentLoaderURL?.startsWith('http'))
    const t0 = navStart?.ts ?? 0
    const main = events.filter((e) => e.ph === 'X' && (e.dur ?? 0) > 8000 && e.ts > t0 && e.ts < t0 + (Number(fcp) + 300) * 1000)
    console.log(round % 2 === 0 ? 'no symbols' : 'symbols', 'layouts', main.filter(e => e.name === 'Layout').map(e => Math.round((e.dur ?? 0) / 1000)), 'commit', main.filter(e => e.name === 'DocumentLoader::CommitNavigation').map(e => Math.round((e.dur ?? 0) / 1000)))
    if (0) for (const e of main.sort((a, b) => a.ts - b.ts)) console.log(Math.round((e.ts - t0) / 1000), Math.round((e.dur ?? 0) / 1000), e.tid, e.name, JSON.stringify(e.args?.data ?? {}).slice(0, 100))
    await context.close()
  }
} finally {
  await browser.close(); await proxy.close(); await gateway.stop()
}
