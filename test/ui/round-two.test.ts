// Issue 16 in Chromium at 390×844 (and 844×390): one progress figure, values that are not live say so, the Control
// sheet and the kept temperature history, messages that follow state, and the landscape layout. The gateway sits
// behind a TCP proxy so the tests can cut the link the way lost Wi-Fi does.
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './audit.js'
import { expectKeptChartAfterReload } from './chart-check.js'
import { expectMotionAsksFirst } from './console-check.js'
import { launchBrowser, openPhone, SCREENSHOT_DIR, startGateway, waitFor, type PhonePage, type RunningGateway } from './harness.js'
import { startProxy, type TestProxy } from './proxy.js'

// Real-time motion, fast heaters: the print below runs for many minutes, long enough for every check.
const SIM_URL = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200'

function slowPrint(): string {
  const lines = ['; round-two slow print', 'M140 S50', 'M104 S200', 'M190 S50', 'M109 S200', 'G28', 'G90', 'M82', 'G92 E0']
  let e = 0
  for (let layer = 0; layer < 30; layer++) {
    lines.push(`;LAYER_CHANGE`, `;Z:${(0.2 + layer * 0.2).toFixed(1)}`, `G1 Z${(0.2 + layer * 0.2).toFixed(1)} F600`)
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

let gateway: RunningGateway
let proxy: TestProxy
let browser: Browser
let phone: PhonePage

const api = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${gateway.url}${path}`, init)).json()) as T
const post = (path: string, body: unknown) =>
  fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
const printerState = async () => (await api<{ state: string }>('/api/printer/status')).state

async function startSlowPrint(): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([slowPrint()]), 'round-two.gcode')
  const file = await api<{ id: string }>('/api/files', { method: 'POST', body: form })
  const job = (await (await post('/api/print-request', { file_id: file.id })).json()) as { job_id: string }
  await waitFor(async () => (await printerState()) === 'printing', 60_000, 'the print to start')
  return job.job_id
}

async function endPrint(id: string): Promise<void> {
  await fetch(`${gateway.url}/api/workflows/${id}`, { method: 'DELETE' })
  await waitFor(async () => (await printerState()) === 'operational', 60_000, 'the print to be cancelled')
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
}

describe('phone UI round two', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    gateway = await startGateway(SIM_URL)
    proxy = await startProxy(Number(new URL(gateway.url).port))
    browser = await launchBrowser()
    phone = await openPhone(browser, `${proxy.url}/`)
    await phone.page.waitForSelector('#printer-state[data-state="operational"]')
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await proxy?.close()
    await gateway?.stop()
  }, 30_000)

  it("shows one progress figure: the printer's own, the same in the page, the tab title and the API", async () => {
    const { page } = phone
    const id = await startSlowPrint()
    await page.waitForSelector('.dashboard [data-field="percent-label"]:text("Printed")', { timeout: 30_000 })
    await expect
      .poll(async () => Number((await api<{ progress_percentage: number }>(`/api/status/${id}`)).progress_percentage), { timeout: 60_000 })
      .toBeGreaterThan(0.5)
    const shown = (await page.evaluate(`({ page: document.querySelector('[data-field="percent"]').textContent, title: document.title })`)) as {
      page: string
      title: string
    }
    const apiPercent = (await api<{ progress_percentage: number }>(`/api/status/${id}`)).progress_percentage
    const pagePercent = Number(/^([\d.]+) %$/.exec(shown.page)?.[1])
    expect(shown.title).toBe(`${shown.page} printing · printgate`)
    // The API is read a moment after the page: the same figure, a little further on at most.
    expect(apiPercent).toBeGreaterThanOrEqual(pagePercent - 0.5)
    expect(apiPercent - pagePercent).toBeLessThan(3)
    // The job page shows the same figure, not a step-weighted one.
    await page.goto(`${proxy.url}/#/jobs/${id}`)
    await expect.poll(() => page.textContent('#job-numbers'), { timeout: 10_000 }).toMatch(/^[\d.]+ % printed/)
    const detail = Number(/^([\d.]+) %/.exec((await page.textContent('#job-numbers')) ?? '')?.[1])
    expect(Math.abs(detail - apiPercent)).toBeLessThan(3)
    expect(await page.getAttribute('.step[data-step="printing"]', 'data-status')).toBe('running')
    await expectAccessible(page, 'job page while printing')
    expect(phone.problems).toEqual([])
  }, 120_000)

  it('asks before a motion command mid-print, and the Control sheet locks motion while printing', async () => {
    const { page } = phone
    await page.goto(`${proxy.url}/#/console`)
    await expectMotionAsksFirst(page)

    await page.goto(`${proxy.url}/#/control`)
    await page.waitForSelector('#presets [data-preset="PLA"]')
    expect(await page.isDisabled('[data-jog="x+"]')).toBe(true)
    expect(await page.isDisabled('[data-action="home"]')).toBe(true)
    expect(await page.textContent('#motion-note')).toMatch(/locked while a print runs/)
    const refused = await post('/api/printer/control', { action: 'jog', axis: 'x', distance: 10 })
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: string }).error).toBe('PRINTER_BUSY')
    // Baby-steps, speed and flow work during the print: the gateway answers with the lines it sent.
    const sent: string[] = []
    page.on('response', async (r) => {
      if (r.url().endsWith('/api/printer/control') && r.status() === 200) sent.push(...((await r.json()) as { sent: string[] }).sent)
    })
    // One tap at a time, as a person does: each waits its turn behind the print's lines (up to a second).
    const answered = () => page.waitForResponse((r) => r.url().endsWith('/api/printer/control'), { timeout: 15_000 })
    await Promise.all([answered(), page.click('[data-babystep="0.02"]')])
    await page.fill('#speed-percent', '120')
    await Promise.all([answered(), page.click('[data-action="speed"]')])
    await page.fill('#flow-percent', '95')
    await Promise.all([answered(), page.click('[data-action="flow"]')])
    await expect.poll(() => sent, { timeout: 15_000 }).toEqual(['M290 Z0.02', 'M220 S120', 'M221 S95'])
    await shot(page, '14-control-printing')
    await expectAccessible(page, 'control sheet while printing')
    expect(phone.problems).toEqual([])
  }, 60_000)

  it('greys values that are not live within 5 s of a lost link, and shows the last known state after an offline reload', async () => {
    const { page } = phone
    // The page's timers run on Playwright's clock from here on (at the natural pace until paused below).
    await page.clock.install()
    // Page time of the last socket message: one already in flight when the link goes silent still arrives.
    await page.addInitScript(`{
      const Native = window.WebSocket
      window.WebSocket = class extends Native {
        constructor(url, protocols) {
          super(url, protocols)
          this.addEventListener('message', () => { window.lastSocketMessageAt = Date.now() })
        }
      }
    }`)
    await page.goto(`${proxy.url}/#/`)
    await page.reload()
    await page.waitForSelector('#live-indicator[data-live="live"]')
    await page.waitForSelector('#temp-row[data-stale="false"]')
    // The page saves the last known state (at most every 5 s) for a reload without the gateway.
    await waitFor(
      async () => ((await page.evaluate(`localStorage.getItem('printgate:last-known') ?? ''`)) as string).includes('printing_phase'),
      20_000,
      'the saved state',
    )
    // Time stops for the page, the link goes silent, then the page's own clock runs 5 s: however slowly the machine
    // gets through them, the page must call the link lost within those 5 s and not a moment later.
    const pausedAt = ((await page.evaluate('Date.now()')) as number) + 100
    await page.clock.pauseAt(pausedAt)
    proxy.hold()
    expect(await page.getAttribute('#live-indicator', 'data-live')).toBe('live')
    // 5 s of page time from the later of the silence and the last message that still got through.
    let shownUntil = pausedAt
    for (let deadline = pausedAt + 5000, rounds = 0; shownUntil < deadline && rounds < 5; rounds++) {
      await page.clock.runFor(deadline - shownUntil)
      shownUntil = deadline
      deadline = Math.max(pausedAt, (await page.evaluate('window.lastSocketMessageAt ?? 0')) as number) + 5000
    }
    expect(await page.getAttribute('#live-indicator', 'data-live')).not.toBe('live')
    await page.clock.resume()
    await page.waitForSelector('#temp-row[data-stale="true"]', { timeout: 15_000 })
    expect(await page.textContent('#reading-age')).toMatch(/last reading \d{1,2}:\d{2}/)
    await shot(page, '15-link-lost')
    await expectAccessible(page, 'dashboard with a lost link')

    proxy.refuse()
    await page.reload().catch(() => {})
    await page.waitForSelector('#snapshot-note:not([hidden])', { timeout: 20_000 })
    expect(await page.textContent('#snapshot-note')).toMatch(/last known state, saved at \d{1,2}:\d{2}/)
    expect(await page.textContent('.dashboard .job-box')).not.toMatch(/No print right now/)
    expect(await page.getAttribute('.dashboard .job-status', 'data-status')).toBe('printing_phase')
    expect(await page.getAttribute('#temp-row', 'data-stale')).toBe('true')
    await shot(page, '16-offline-reload')

    proxy.release()
    await page.reload()
    await page.waitForSelector('#live-indicator[data-live="live"]', { timeout: 30_000 })
    await page.waitForSelector('#temp-row[data-stale="false"]', { timeout: 15_000 })
    expect(await page.isHidden('#snapshot-note')).toBe(true)
  }, 120_000)

  it('keeps the temperature history in the gateway, so the chart with its axes survives a reload', async () => {
    const { page } = phone
    await page.goto(`${proxy.url}/#/`)
    await expectKeptChartAfterReload(page, `${gateway.url}/api/printer/temperature-history`)
    expect(phone.problems.filter((p) => !/ERR_CONNECTION|ws\/progress|net::/.test(p))).toEqual([])
  }, 60_000)

  it('says cancelled is neutral and "Stopped at", with one print time everywhere', async () => {
    const { page } = phone
    const printer = await api<{ active_job_id: string }>('/api/printer/status')
    const id = printer.active_job_id
    await endPrint(id)
    await page.goto(`${proxy.url}/#/jobs/${id}`)
    await page.waitForSelector('#job-status[data-status="cancelled"]')
    expect(await page.getAttribute('#job-status', 'data-tone')).toBe('neutral')
    expect(await page.getAttribute('.step[data-step="printing"]', 'data-status')).toBe('cancelled')
    await expect.poll(() => page.textContent('#job-numbers')).toMatch(/Stopped at layer \d+/)
    expect(await page.textContent('#job-numbers')).toMatch(/stopped at \d{1,2}:\d{2}/)
    expect(await page.textContent('#job-numbers')).not.toMatch(/done at/i)
    const detailTime = /printed for ([^·]+)/.exec((await page.textContent('#job-numbers')) ?? '')?.[1]?.trim()
    await page.goto(`${proxy.url}/#/`)
    await expect.poll(() => page.textContent('[data-field="eta-label"]')).toBe('Stopped at')
    expect(await page.textContent('[data-field="elapsed"]')).toBe(detailTime)
    await page.goto(`${proxy.url}/#/jobs`)
    await page.waitForSelector('.job-row')
    expect(await page.textContent(`.job-row[data-status="cancelled"]`)).toContain(`printed for ${detailTime}`)
    expect(phone.problems.filter((p) => !/ERR_CONNECTION|ws\/progress|net::/.test(p))).toEqual([])
  }, 90_000)

  it('offers only what can work: no bed-clear or Connect while disconnected, the state after an emergency stop', async () => {
    const { page } = phone
    await post('/api/printer/disconnect', {})
    await page.goto(`${proxy.url}/#/`)
    await page.waitForSelector('#printer-state[data-state="disconnected"]')
    expect(await page.isVisible('[data-action="bed-cleared"]')).toBe(false)
    await page.goto(`${proxy.url}/#/settings`)
    expect(await page.isEnabled('#main button[type="submit"]')).toBe(true)
    await page.click('#main button[type="submit"]')
    await page.waitForSelector('#printer-state[data-state="operational"]', { timeout: 30_000 })
    await expect.poll(() => page.isDisabled('#main button[type="submit"]')).toBe(true)

    await page.goto(`${proxy.url}/#/`)
    await page.click('#estop')
    await page.waitForSelector('#printer-state[data-state="error"]', { timeout: 15_000 })
    await expect.poll(() => page.textContent('#printer-situation')).toMatch(/emergency stop.*heaters and motors are off/i)
    expect(await page.textContent('#tool-target')).toBe('target unknown')
    await page.waitForSelector('#temp-row[data-stale="true"]', { timeout: 15_000 })
    await page.goto(`${proxy.url}/#/settings`)
    expect(await page.isDisabled('#main button[type="submit"]')).toBe(true)
    expect(await page.textContent('#connect-hint')).toMatch(/disconnect it/)
    await shot(page, '17-after-emergency-stop')
    await post('/api/printer/disconnect', {})
    await post('/api/printer/connect', {})
    await waitFor(async () => (await printerState()) === 'operational', 30_000, 'the printer to reconnect')
  }, 90_000)

  it('lays landscape out with a side rail and two columns, nothing under a bar', async () => {
    const wide = await openPhone(browser, `${proxy.url}/`, { width: 844, height: 390 })
    const { page } = wide
    await page.waitForSelector('#printer-state[data-state="operational"]')
    const nav = (await page.locator('nav.tabbar').boundingBox())!
    expect(nav.x).toBe(0)
    expect(nav.height).toBeGreaterThan(nav.width)
    const top = (await page.locator('header.topbar').boundingBox())!
    expect(top.height / 390).toBeLessThan(0.15)
    const temps = (await page.locator('.dashboard .temps').boundingBox())!
    const job = (await page.locator('.dashboard .card.job').boundingBox())!
    expect(job.x).toBeGreaterThan(temps.x + temps.width - 1)
    await shot(page, '18-landscape-dashboard')
    await expectAccessible(page, 'landscape dashboard')
    await page.goto(`${proxy.url}/#/console`)
    const input = (await page.locator('#console-input').boundingBox())!
    expect(input.y + input.height).toBeLessThanOrEqual(390)
    expect(input.x).toBeGreaterThanOrEqual(nav.x + nav.width)
    await page.goto(`${proxy.url}/#/control`)
    await page.waitForSelector('#presets [data-preset="PLA"]')
    await expectAccessible(page, 'landscape control sheet')
    expect(wide.problems).toEqual([])
    await page.context().close()
  }, 60_000)
})

describe('with queue.autoStart and a notification URL', () => {
  let auto: RunningGateway
  let autoBrowser: Browser
  let receiver: Server
  const notices: { path: string; title: string; body: string }[] = []
  beforeAll(async () => {
    // A local ntfy-style receiver: the gateway itself posts to it when the job ends.
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        notices.push({ path: req.url ?? '', title: String(req.headers.title ?? ''), body })
        res.writeHead(200).end('{}')
      })
    })
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
    const receiverPort = (receiver.address() as { port: number }).port
    auto = await startGateway('sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.05', {
      PRINTGATE_QUEUE_AUTOSTART: 'true',
      PRINTGATE_NOTIFY_URL: `ntfy://127.0.0.1:${receiverPort}/printgate`,
    })
    autoBrowser = await launchBrowser()
  }, 90_000)
  afterAll(async () => {
    await autoBrowser?.close()
    await auto?.stop()
    await new Promise<void>((done) => receiver?.close(() => done()))
  }, 30_000)

  it('never asks to confirm the bed is clear, and the gateway posts "Print finished" to the URL', async () => {
    const form = new FormData()
    form.append('file', new Blob(['G28\nG1 X10 Y10 F3000\nG1 X20 Y20\n']), 'auto.gcode')
    const file = (await (await fetch(`${auto.url}/api/files`, { method: 'POST', body: form })).json()) as { id: string }
    const job = (await (
      await fetch(`${auto.url}/api/print-request`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ file_id: file.id }),
      })
    ).json()) as { job_id: string }
    await waitFor(
      async () => ((await (await fetch(`${auto.url}/api/status/${job.job_id}`)).json()) as { status: string }).status === 'completed',
      60_000,
      'the print to complete',
    )
    const printer = (await (await fetch(`${auto.url}/api/printer/status`)).json()) as { auto_start: boolean }
    expect(printer.auto_start).toBe(true)
    await waitFor(() => notices.length > 0, 15_000, 'the notification')
    expect(notices).toEqual([{ path: '/printgate', title: 'Print finished', body: 'auto.gcode is done.' }])
    const { page, problems } = await openPhone(autoBrowser, `${auto.url}/`)
    await page.waitForSelector('.dashboard .job-status[data-status="completed"]')
    expect(await page.isVisible('.bed-note')).toBe(false)
    expect(await page.isVisible('[data-action="bed-cleared"]')).toBe(false)
    // A G-code without an embedded picture answers its thumbnail with a 404; nothing else may fail.
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([])
  }, 90_000)
})
