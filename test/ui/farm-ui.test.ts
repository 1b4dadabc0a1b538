// The phone UI (Chromium, 390×844) of a gateway with two simulated printers: a tile each, each printer's own page with its controls,
// and the other gateway on the same Mosquitto in the fleet list with a link.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'
import { startMosquitto, type Broker } from '../mqtt/mosquitto.js'
import { expectAccessible } from './audit.js'
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
    expect(await page.textContent('.fleet-list li[data-gateway="garage"]')).toMatch(/Garage — Printer: Ready/)
    expect(await page.$('.fleet-list li[data-gateway="desk"]')).toBeNull()
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'farm-01-dashboard.png') })
    await expectAccessible(page, 'dashboard with two printers')
  }, 90_000)

  it("prints on B, shows its progress on B's tile, and B's page pauses and cancels B only", async () => {
    const { page } = phone
    const listReads = () => phone.responses.filter((r) => new URL(r.url).pathname === '/api/printers').length
    const readsBefore = listReads()
    const form = new FormData()
    form.append('file', new Blob([longFile()]), 'tile.gcode')
    const file = await api<{ id: string }>('/api/files', { method: 'POST', body: form })
    const job = await api<{ job_id: string }>(`/api/printers/b/files/${file.id}/print`, { method: 'POST' })
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
})
