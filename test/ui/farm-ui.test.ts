// The phone UI (Chromium, 390×844) of a gateway with two simulated printers: a tile each, each printer's own page with its controls,
// chart, console and Control sheet acting on that printer only, and the other gateway on the same Mosquitto in the fleet list with a link.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'
import { startMosquitto, type Broker } from '../mqtt/mosquitto.js'
import { expectAccessible } from './audit.js'
import { expectKeptChartAfterReload } from './chart-check.js'
import { expectMotionAsksFirst } from './console-check.js'
import { launchBrowser, openPhone, SCREENSHOT_DIR, startGateway, waitFor, type PhonePage, type RunningGateway } from './harness.js'

const SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.3'

let broker: Broker
let gateway: RunningGateway
let other: GatewayProcess
let browser: Browser
let phone: PhonePage

function longFile(): string {
  const lines = ['M140 S40', 'M104 S60', 'G28', 'G90', 'M82', 'G92 E0']
  for (let i = 0; i < 3000; i++) lines.push(`G1 X${10 + (i % 2) * 10} Y${10 + (i % 9)} E${(i * 0.02).toFixed(2)} F600`)
  return lines.join('\n')
}

const api = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${gateway.url}${path}`, init)).json()) as T
const post = (path: string, body: unknown) =>
  fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
/** What the gateway sent to one printer, by its console ring. */
const sentTo = async (id: string) =>
  (await api<{ direction: string; line: string }[]>(`/api/printers/${id}/console`)).filter((l) => l.direction === 'sent').map((l) => l.line)
type Entry = { state: string; temperatures: { tools: { target: number | null }[] } | null }
const hotendTarget = async (id: string) => (await api<Entry>(`/api/printers/${id}`)).temperatures?.tools[0]?.target ?? null
const degreeLabels = (page: PhonePage['page']) => page.locator('.temp-chart [data-axis="degrees"] text').allTextContents()

async function printOn(id: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([longFile()]), `${id}.gcode`)
  const file = await api<{ id: string }>('/api/files', { method: 'POST', body: form })
  return (await api<{ job_id: string }>(`/api/printers/${id}/files/${file.id}/print`, { method: 'POST' })).job_id
}

describe('phone UI with two printers and a fleet', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    broker = await startMosquitto()
    const dir = mkdtempSync(join(tmpdir(), 'pg-farm-ui-'))
    writeFileSync(
      join(dir, 'farm.yaml'),
      [
        'mqtt:',
        '  gatewayId: desk',
        '  name: Desk',
        'queue:',
        '  autoStart: true',
        'printers:',
        `  - { id: a, name: Printer A, port: "${SIM}&seed=1" }`,
        `  - { id: b, name: Printer B, port: "${SIM}&seed=2" }`,
      ].join('\n'),
    )
    writeFileSync(join(dir, 'garage.yaml'), 'mqtt:\n  gatewayId: garage\n  name: Garage\n  publicUrl: "http://garage.example:8000/"\n')
    gateway = await startGateway('', { PRINTGATE_CONFIG: join(dir, 'farm.yaml'), PRINTGATE_MQTT_URL: broker.url })
    other = await startGatewayProcess({ env: { PRINTGATE_CONFIG: join(dir, 'garage.yaml'), PRINTGATE_MQTT_URL: broker.url } })
    browser = await launchBrowser()
    phone = await openPhone(browser, `${gateway.url}/`)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
    await other?.stop('SIGTERM')
    await broker?.stop()
  }, 30_000)

  it('shows a tile per printer and the other gateway with a link', async () => {
    const { page } = phone
    await page.waitForSelector('.printer-tile[data-printer="a"][data-state="operational"]', { timeout: 30_000 })
    await page.waitForSelector('.printer-tile[data-printer="b"][data-state="operational"]', { timeout: 30_000 })
    expect(await page.textContent('.printer-tile[data-printer="b"] .tile-name')).toBe('Printer B')
    await expect.poll(() => page.textContent('.printer-tile[data-printer="a"] .tile-temps'), { timeout: 10_000 }).toMatch(/Hotend \d+°.*Bed \d+°/)
    const garage = await page.waitForSelector('.fleet-list li[data-gateway="garage"] a', { timeout: 30_000 })
    expect(await garage.getAttribute('href')).toBe('http://garage.example:8000/')
    // The other gateway announces its printer's state when it changes; `Connecting` first on a slow start.
    await expect.poll(() => page.textContent('.fleet-list li[data-gateway="garage"]'), { timeout: 30_000 }).toMatch(/Garage — Printer: Ready/)
    expect(await page.$('.fleet-list li[data-gateway="desk"]')).toBeNull()
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'farm-01-dashboard.png') })
    await expectAccessible(page, 'dashboard with two printers')
  }, 90_000)

  it("prints on B, shows its progress on B's tile, and B's page pauses and cancels B only", async () => {
    const { page } = phone
    const listReads = () => phone.responses.filter((r) => new URL(r.url).pathname === '/api/printers').length
    const readsBefore = listReads()
    const job = { job_id: await printOn('b') }
    await page.waitForSelector('.printer-tile[data-printer="b"][data-state="printing"] .progress:not([hidden])', { timeout: 30_000 })
    expect(await page.getAttribute('.printer-tile[data-printer="a"]', 'data-state')).toBe('operational')
    // The tiles follow the `printers` WebSocket topic: B's figure moves on with no new read of /api/printers.
    const percent = await page.textContent('.printer-tile[data-printer="b"] .tile-percent')
    await expect.poll(() => page.textContent('.printer-tile[data-printer="b"] .tile-percent'), { timeout: 30_000 }).not.toBe(percent)
    expect(listReads()).toBe(readsBefore)

    await page.click('.printer-tile[data-printer="b"]')
    await page.waitForURL(/#\/printers\/b$/)
    await page.waitForSelector('#printer-title:text("Printer B")')
    await page.waitForSelector(`#printer-jobs li[data-job="${job.job_id}"]`)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'farm-02-printer-page.png') })
    await expectAccessible(page, "printer B's page")
    await page.click('#printer-controls [data-action="pause"]')
    await waitFor(async () => (await api<{ status: string }>(`/api/status/${job.job_id}`)).status === 'paused', 30_000, 'B paused from its page')
    expect((await api<{ state: string }>('/api/printers/a')).state).toBe('operational')
    await page.waitForSelector('#printer-controls [data-action="resume"]')
    await page.click('#printer-controls [data-action="cancel"]')
    await waitFor(async () => (await api<{ status: string }>(`/api/status/${job.job_id}`)).status === 'cancelled', 30_000, 'B cancelled from its page')

    await page.goto(`${gateway.url}/#/printers/a`)
    await page.waitForSelector('#printer-title:text("Printer A")')
    await page.waitForSelector('#printer-jobs li.muted:text("No jobs yet.")')
    await page.goto(`${gateway.url}/#/printers/nope`)
    await page.waitForSelector('#printer-title:text("No such printer")')
    expect(phone.problems.filter((p) => !p.includes('/api/printers/nope'))).toEqual([])
  }, 120_000)

  it("B's Control sheet and console act on B only, and its chart is B's own after a reload", async () => {
    const { page } = phone
    await page.goto(`${gateway.url}/#/printers/b`)
    await page.waitForSelector('#printer-title:text("Printer B")')
    await page.click('[data-action="open-control"]')
    await page.waitForURL(/#\/printers\/b\/control$/)
    await page.waitForSelector('.view-title:text("Control · Printer B")')
    await page.waitForSelector('#presets [data-preset="PLA"]:not([disabled])')
    const answered = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/printers/b/control', { timeout: 15_000 })
    const [preheat] = await Promise.all([answered(), page.click('#presets [data-preset="PLA"]')])
    expect(preheat.status()).toBe(200)
    await waitFor(async () => (await hotendTarget('b')) === 205, 15_000, "B's hot-end target at PLA's 205°")
    expect(await hotendTarget('a')).toBe(0)
    const [jog] = await Promise.all([answered(), page.click('[data-jog="z+"]')])
    expect(await jog.json()).toEqual({ sent: ['G91', 'G1 Z10 F600', 'G90'] })
    expect(await sentTo('b')).toContainEqual(expect.stringContaining('G1 Z10 F600'))
    expect((await sentTo('a')).filter((l) => /M104 S205|G1 Z10/.test(l))).toEqual([])
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'farm-03-control-b.png') })
    await expectAccessible(page, "printer B's Control sheet")

    await page.goto(`${gateway.url}/#/printers/b`)
    await page.click('[data-action="open-console"]')
    await page.waitForURL(/#\/printers\/b\/console$/)
    await page.waitForSelector('.view-title:text("Console · Printer B")')
    // What B said lately is there on entering, B's own (the jog above), before anything is typed.
    await expect.poll(() => page.locator('#console-log .earlier').allTextContents()).toContainEqual(expect.stringContaining('G1 Z10 F600'))
    await page.fill('#console-input', 'M117 Hello B')
    await page.press('#console-input', 'Enter')
    await page.waitForSelector('#console-log .received')
    expect(await page.locator('#console-log .sent').allTextContents()).toEqual(['Sent: M117 Hello B'])
    expect(await sentTo('b')).toContainEqual(expect.stringContaining('M117 Hello B'))
    expect(await sentTo('a')).not.toContainEqual(expect.stringContaining('Hello B'))
    await expectAccessible(page, "printer B's console")
    await page.goto(`${gateway.url}/#/printers/a/console`)
    await page.waitForSelector('.view-title:text("Console · Printer A")')
    await page.waitForSelector('#console-log .earlier')
    expect(await page.textContent('#console-log')).not.toMatch(/Hello B|G1 Z10/)

    // The chart: B's kept history read again after a reload (far more samples than the page saw itself), B's PLA heat in it.
    await page.goto(`${gateway.url}/#/printers/b`)
    await expectKeptChartAfterReload(page, `${gateway.url}/api/printers/b/temperature-history`, '#printer-title:text("Printer B")')
    await expect.poll(() => degreeLabels(page), { timeout: 10_000 }).toContain('200°')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'farm-04-printer-b-chart.png') })
    await expectAccessible(page, "printer B's page with its chart")
    await page.goto(`${gateway.url}/#/printers/a`)
    await page.waitForSelector('#printer-title:text("Printer A")')
    // A stayed cold: its line is flat, so it has no height to be "visible" by.
    await page.waitForSelector('.temp-chart polyline.actual.tool', { state: 'attached' })
    expect(await degreeLabels(page)).not.toContain('200°')
    expect(phone.problems.filter((p) => !p.includes('/api/printers/nope'))).toEqual([])
  }, 120_000)

  it('refuses motion on B while B prints (the sheet locks it, the console asks first), not on A; STOP on its page stops B', async () => {
    const { page } = phone
    const job = await printOn('b')
    await waitFor(async () => (await api<Entry>('/api/printers/b')).state === 'printing', 30_000, 'B printing')
    await page.goto(`${gateway.url}/#/printers/b/control`)
    await page.waitForSelector('.view-title:text("Control · Printer B")')
    await expect.poll(() => page.isDisabled('[data-jog="x+"]')).toBe(true)
    expect(await page.isDisabled('[data-action="home"]')).toBe(true)
    expect(await page.textContent('#motion-note')).toMatch(/locked while a print runs/)
    const refused = await post('/api/printers/b/control', { action: 'jog', axis: 'x', distance: 10 })
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: string }).error).toBe('PRINTER_BUSY')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'farm-05-control-b-printing.png') })
    await expectAccessible(page, "printer B's Control sheet while B prints")

    await page.goto(`${gateway.url}/#/printers/a/control`)
    await page.waitForSelector('.view-title:text("Control · Printer A")')
    await expect.poll(() => page.isDisabled('[data-jog="x+"]')).toBe(false)

    await page.goto(`${gateway.url}/#/printers/b/console`)
    await page.waitForSelector('.view-title:text("Console · Printer B")')
    await expectMotionAsksFirst(page)

    // On B's page the top bar is B's: its name and state, and STOP halts B, not the main printer A.
    await page.goto(`${gateway.url}/#/printers/b`)
    await page.waitForSelector('#printer-name:text("Printer B")')
    await page.waitForSelector('#printer-state[data-state="printing"]')
    expect(await page.textContent('#estop-hint')).toMatch(/halts Printer B at once/)
    await page.click('#estop')
    await waitFor(async () => (await api<Entry>('/api/printers/b')).state === 'error', 15_000, 'B emergency-stopped')
    await page.waitForSelector('#printer-state[data-state="error"]')
    expect((await api<Entry>('/api/printers/a')).state).toBe('operational')
    // The engine ends a print it stopped this way as cancelled.
    await waitFor(async () => (await api<{ status: string }>(`/api/status/${job}`)).status === 'cancelled', 30_000, "B's print ended")
    await post('/api/printers/b/disconnect', {})
    await post('/api/printers/b/connect', {})
    await waitFor(async () => (await api<Entry>('/api/printers/b')).state === 'operational', 30_000, 'B reconnected')
    await page.goto(`${gateway.url}/#/`)
    await page.waitForSelector('#printer-state[data-state="operational"]')
    expect(await page.textContent('#printer-name')).toBe('printgate')
    expect(phone.problems.filter((p) => !p.includes('/api/printers/nope'))).toEqual([])
  }, 120_000)

  it("lays B's page, Control sheet and console out in landscape, nothing under a bar", async () => {
    const wide = await openPhone(browser, `${gateway.url}/#/printers/b`, { width: 844, height: 390 })
    const { page } = wide
    await page.waitForSelector('#printer-title:text("Printer B")')
    await page.waitForSelector('.temp-chart')
    const state = (await page.locator('.printer-page > .card').first().boundingBox())!
    const temps = (await page.locator('.printer-page > .temps').boundingBox())!
    expect(temps.x).toBeGreaterThan(state.x + state.width - 1)
    await expectAccessible(page, "landscape printer B's page")
    await page.goto(`${gateway.url}/#/printers/b/control`)
    await page.waitForSelector('#presets [data-preset="PLA"]')
    await expectAccessible(page, "landscape printer B's Control sheet")
    await page.goto(`${gateway.url}/#/printers/b/console`)
    await page.waitForSelector('.view-title:text("Console · Printer B")')
    const nav = (await page.locator('nav.tabbar').boundingBox())!
    const input = (await page.locator('#console-input').boundingBox())!
    expect(input.y + input.height).toBeLessThanOrEqual(390)
    expect(input.x).toBeGreaterThanOrEqual(nav.x + nav.width)
    await expectAccessible(page, "landscape printer B's console")
    expect(wide.problems).toEqual([])
    await page.context().close()
  }, 60_000)
})
