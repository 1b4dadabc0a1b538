// Seeing before printing on a 390×844 phone in Chromium: the model, its size and the slicer's figures, a changed number, "Print it".
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './audit.js'
import { launchBrowser, openPhone, SCREENSHOT_DIR, startGateway, waitFor, type PhonePage, type RunningGateway } from './harness.js'

const SIM_URL = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.1'

let gateway: RunningGateway
let browser: Browser
let phone: PhonePage

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
const apiStatus = async (id: string) => (await (await fetch(`${gateway.url}/api/status/${id}`)).json()) as { status: string; print_gate: string }
const jobIdFrom = (page: Page) => decodeURIComponent(/#\/jobs\/([^/]+)$/.exec(page.url())?.[1] ?? '')
const canvasPixels = (page: Page) => page.$eval('#job-preview canvas', (c) => (c as unknown as { toDataURL(): string }).toDataURL())

describe('preview and "Print it" on the phone', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    gateway = await startGateway(SIM_URL)
    browser = await launchBrowser()
    phone = await openPhone(browser, `${gateway.url}/`)
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
  }, 30_000)

  it('shows the model with its size and the slicer figures, rebuilds it with one changed number, then prints after "Print it"', async () => {
    const { page } = phone
    await page.waitForSelector('#printer-state[data-state="operational"]')
    await page.click('a[data-route="print"]')
    await page.fill('#request-text', 'a 20 mm cube in PLA, draft quality')
    await page.click('button:has-text("Make it")')
    await page.waitForURL(/#\/jobs\//)
    const first = jobIdFrom(page)

    // Sliced, it waits: the picture, the size and the slicer's estimate are on the page, nothing heats.
    await page.waitForSelector('#job-status[data-status="queued"]', { timeout: 120_000 })
    await expect.poll(() => page.textContent('#model-size'), { timeout: 15_000 }).toBe('Size 20 × 20 × 20 mm')
    expect(Number(await page.getAttribute('#job-preview canvas', 'data-faces'))).toBeGreaterThan(0)
    await expect.poll(() => page.textContent('#slice-figures')).toMatch(/Print time \(slicer\) .+ · filament .+ · \d+ layers/)
    expect(await page.isVisible('#job-actions [data-action="print-it"]')).toBe(true)
    expect(await page.isVisible('#job-actions [data-action="bed-cleared"]')).toBe(false)
    expect((await apiStatus(first)).print_gate).toBe('awaiting')
    const before = await canvasPixels(page)
    await shot(page, '11-preview-waiting')
    await expectAccessible(page, 'job preview waiting for Print it')

    // Dragging turns the model.
    const box = (await page.locator('#job-preview canvas').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 10, { steps: 4 })
    await page.mouse.up()
    expect(await canvasPixels(page)).not.toBe(before)

    // One number changed: a new job, and the model on the page changes with it.
    await page.fill('#parameters input[data-path="shape.width"]', '40')
    await page.click('#parameters [data-action="rebuild"]')
    await waitFor(() => jobIdFrom(page) !== first && jobIdFrom(page), 15_000, 'the rebuilt job to open')
    const second = jobIdFrom(page)
    await page.waitForSelector('#job-status[data-status="queued"]', { timeout: 120_000 })
    await expect.poll(() => page.textContent('#model-size'), { timeout: 15_000 }).toBe('Size 40 × 20 × 20 mm')
    expect(await canvasPixels(page)).not.toBe(before)
    await expect.poll(() => page.inputValue('#parameters input[data-path="shape.width"]')).toBe('40')
    expect((await apiStatus(first)).status).toBe('cancelled')
    await shot(page, '12-preview-rebuilt')

    await page.click('#job-actions [data-action="print-it"]')
    await page.click('#confirm-yes')
    await page.waitForSelector('#job-status[data-status="printing_phase"]', { timeout: 60_000 })
    expect((await apiStatus(second)).print_gate).toBe('confirmed')
    await page.click('#job-actions [data-action="cancel"]')
    await page.click('#confirm-yes')
    await waitFor(async () => (await apiStatus(second)).status === 'cancelled', 30_000, 'the print to be cancelled')
    expect(phone.problems).toEqual([])
  }, 300_000)
})
