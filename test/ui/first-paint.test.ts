// The first HTML already shows the printer (state, temperatures) before any script runs, escaped; callers who may not read get the plain page.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPhone, startGateway, waitFor, type RunningGateway } from './harness.js'

const SIM_URL = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.1'
/** Text the firmware shows in a prompt: it reaches the page only inside the store's seed, and must stay text (no `;`: G-code comment). */
const HOSTILE = `</script><img id="injected" src=x onerror="document.title='owned'">&lt"'`

let gateway: RunningGateway
let browser: Browser

const status = async () => (await (await fetch(`${gateway.url}/api/printer/status`)).json()) as { state: string; prompt: { text: string } | null }

describe('first paint from the server', () => {
  beforeAll(async () => {
    gateway = await startGateway(SIM_URL)
    browser = await launchBrowser()
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
  }, 30_000)

  it('shows the state and both temperatures with JavaScript off, and keeps the firmware text as text', async () => {
    // M0 blocks in the firmware until answered; its text comes from the G-code, i.e. from anyone who can print.
    const answered = fetch(`${gateway.url}/api/printer/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: `M0 ${HOSTILE}` }),
    })
    await waitFor(async () => (await status()).prompt?.text === HOSTILE, 15_000, 'the prompt to reach the gateway')

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const response = await page.goto(`${gateway.url}/`)
    expect(response?.headers()['cache-control']).toBe('no-store')
    expect(await page.getAttribute('#printer-state', 'data-state')).toBe('operational')
    expect(await page.textContent('#printer-state')).toBe('Ready')
    expect(await page.textContent('#tool-temp')).toMatch(/^\d+°$/)
    expect(await page.textContent('#bed-temp')).toMatch(/^\d+°$/)
    expect(await page.isVisible('#tool-temp')).toBe(true)
    expect(await page.locator('#injected').count()).toBe(0)
    expect(await page.title()).toBe('printgate')
    const seed = JSON.parse((await page.textContent('#first-state')) ?? 'null') as { state: string; prompt: { text: string } }
    expect(seed.state).toBe('operational')
    expect(seed.prompt.text).toBe(HOSTILE)
    await context.close()

    await fetch(`${gateway.url}/api/printer/prompt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ choice: 0 }) })
    await answered
  }, 60_000)

  it('lets app.js take over the rendered screen without an empty moment or an error', async () => {
    const phone = await openPhone(browser, 'about:blank')
    const { page } = phone
    // Record, from the first parsed byte, whether the temperature ever read as unknown ("—").
    await page.addInitScript(`new MutationObserver(() => {
      const tool = document.getElementById('tool-temp')
      if (tool && !/\\d°/.test(tool.textContent)) window.__blank = (window.__blank ?? 0) + 1
    }).observe(document, { subtree: true, childList: true, characterData: true })`)
    await page.goto(`${gateway.url}/`)
    await page.waitForSelector('.view.dashboard:not(.first-screen) #tool-temp')
    expect(await page.textContent('#tool-temp')).toMatch(/^\d+°$/)
    expect(await page.evaluate('window.__blank ?? 0')).toBe(0)
    expect(phone.problems).toEqual([])
    await page.context().close()
  }, 60_000)

  it("has the gateway's first screen painted before app.js replaces it, on a first and a repeat visit through the service worker (4× CPU)", async () => {
    const phone = await openPhone(browser, 'about:blank')
    const { page } = phone
    await page.addInitScript(`window.__painted = []
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__painted.push(e.identifier) }).observe({ type: 'element', buffered: true })`)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    for (const visit of ['first', 'repeat']) {
      await page.goto(`${gateway.url}/`)
      await page.waitForSelector('.view.dashboard:not(.first-screen) #tool-temp')
      // Chromium reports an element only if it is still in the page when its paint is presented.
      const painted = (await page.evaluate('window.__painted')) as string[]
      expect(painted.sort(), visit).toEqual(['first-bed-temp', 'first-state', 'first-tool-temp'])
      if (visit === 'first') await page.evaluate('navigator.serviceWorker.ready.then(() => true)')
    }
    // The repeat visit came through the worker, which passed on the gateway's filled page (navigation preload).
    expect(await page.evaluate(`performance.getEntriesByType('navigation')[0].workerStart > 0`)).toBe(true)
    expect(await page.evaluate(`navigator.serviceWorker.ready.then((r) => r.navigationPreload.getState()).then((s) => s.enabled)`)).toBe(true)
    expect(phone.problems).toEqual([])
    await page.context().close()
  }, 90_000)

  it('styles the first screen from the inline stylesheet alone, allowed by its CSP hash with no violation', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    await page.addInitScript(`window.__violations = []
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective))`)
    // The full stylesheet never arrives: whatever styles the screen comes from the page itself.
    await page.route(/\/styles\.css/, (route) => route.abort())
    const response = await page.goto(`${gateway.url}/`)
    const csp = response?.headers()['content-security-policy'] ?? ''
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*';/)
    expect(csp).not.toContain('unsafe-inline')
    expect(await page.locator('head style').count()).toBe(1)
    await page.waitForSelector('#tool-temp')
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.topbar')).position`)).toBe('fixed')
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.tabbar')).position`)).toBe('fixed')
    expect(await page.evaluate('window.__violations')).toEqual([])
    expect(violations).toEqual([])
    await context.close()
  }, 60_000)

  it('sends the plain page, with no printer state, to a caller who may not read it', async () => {
    // A forwarding header ends loopback trust: this is an unpaired visitor through a proxy.
    const res = await fetch(`${gateway.url}/`, { headers: { 'x-forwarded-for': '192.168.1.50' } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('data-state="unknown"')
    expect(html).not.toContain('id="first-state"')
    expect(html).not.toContain('id="tool-temp"')
    expect(res.headers.get('cache-control')).toBe('no-cache')
  })
})
