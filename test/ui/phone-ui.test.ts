// The phone UI in real headless Chromium against the real gateway on the simulator: print, pause, resume, cancel, upload, console.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './audit.js'
import { launchBrowser, openPhone, SCREENSHOT_DIR, startGateway, waitFor, type PhonePage, type RunningGateway } from './harness.js'

// Fast heaters and motion ten times faster than real: a 20 mm cube still prints for minutes, long enough to pause.
const SIM_URL = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.1'

const TINY_GCODE = [
  '; printgate UI test: a few moves',
  'M140 S50',
  'M104 S200',
  'M190 S50',
  'M109 S200',
  'G28',
  'G90',
  'M82',
  'G92 E0',
  'G1 Z0.2 F1200',
  'G1 X10 Y10 E0.5 F1500',
  'G1 X20 Y10 E1.0',
  'G1 X20 Y20 E1.5',
  'G1 X10 Y20 E2.0',
  'G1 X10 Y10 E2.5',
  'G1 Z5 F1200',
  'M104 S0',
  'M140 S0',
  'M84',
  '',
].join('\n')

let gateway: RunningGateway
let browser: Browser
let phone: PhonePage

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
}

async function apiStatus(id: string): Promise<{ status: string }> {
  const res = await fetch(`${gateway.url}/api/status/${id}`)
  return (await res.json()) as { status: string }
}

function jobIdFrom(page: Page): string {
  const match = /#\/jobs\/([^/]+)$/.exec(page.url())
  if (!match?.[1]) throw new Error(`not on a job page: ${page.url()}`)
  return decodeURIComponent(match[1])
}

async function stepStatus(page: Page, step: string): Promise<string | null> {
  return page.getAttribute(`.step[data-step="${step}"]`, 'data-status')
}

describe('phone UI on the simulator', () => {
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

  it('shows the printer ready with temperatures on the dashboard', async () => {
    const { page } = phone
    await page.waitForSelector('#printer-state[data-state="operational"]')
    await page.waitForSelector('#live-indicator[data-live="live"]')
    await expect.poll(() => page.textContent('#tool-temp')).toMatch(/^\d+°$/)
    await expect.poll(() => page.textContent('#bed-temp')).toMatch(/^\d+°$/)
    expect(await page.textContent('#printer-state')).toBe('Ready')
    await shot(page, '01-dashboard-idle')
    expect(phone.problems).toEqual([])
  })

  it('takes a request in words through every step to printing, then pauses, resumes and cancels', async () => {
    const { page } = phone
    await page.click('a[data-route="print"]')
    await page.fill('#request-text', 'print a 20 mm cube in PETG')
    await shot(page, '02-new-print')
    await page.click('button:has-text("Make it")')
    await page.waitForURL(/#\/jobs\//)
    const id = jobIdFrom(page)

    // Typed requests wait for "Print it" once sliced (the preview suite covers that step in detail).
    await page.waitForSelector('[data-action="print-it"]', { timeout: 120_000 })
    await page.click('[data-action="print-it"]')
    await page.click('#confirm-yes')

    // Every step is seen in order; the page follows the job live over the WebSocket.
    const seen = new Set<string>()
    await waitFor(
      async () => {
        for (const step of ['research', 'cad', 'slicing', 'queue', 'printing']) {
          const status = await stepStatus(page, step)
          if (status === 'running' || status === 'completed') seen.add(step)
          if (status === 'failed') throw new Error(`step ${step} failed: ${await page.textContent('#job-steps')}`)
        }
        return (await stepStatus(page, 'printing')) === 'running'
      },
      120_000,
      'the job to reach printing',
    )
    expect(await stepStatus(page, 'research')).toBe('completed')
    expect(await stepStatus(page, 'cad')).toBe('completed')
    expect(await stepStatus(page, 'slicing')).toBe('completed')
    expect(await stepStatus(page, 'queue')).toBe('completed')
    await page.waitForSelector('#job-status[data-status="printing_phase"]')
    await expect.poll(() => page.textContent('#understood'), { timeout: 10_000 }).toMatch(/cube.*20 × 20 × 20 mm.*PETG/i)
    await expect.poll(() => page.getAttribute('.job-detail .progress', 'aria-valuenow'), { timeout: 30_000 }).not.toBe('0')
    await shot(page, '03-job-printing')
    await expectAccessible(page, 'job detail while printing')

    await page.click('a[data-route="dashboard"]')
    await page.waitForSelector('.dashboard [data-action="pause"]')
    await expect.poll(() => page.textContent('[data-field="layer"]'), { timeout: 30_000 }).toMatch(/^\d+ of \d+$/)
    await expect.poll(() => page.textContent('[data-field="eta"]'), { timeout: 30_000 }).toMatch(/\d{1,2}:\d{2}.*\(in /)
    // The printer's own percentage replaces the job's overall one once its figures arrive.
    await expect.poll(() => page.textContent('[data-field="percent-label"]'), { timeout: 10_000 }).toBe('Printed')
    await expect.poll(() => page.textContent('[data-field="elapsed"]'), { timeout: 10_000 }).toMatch(/\d+ s$/)
    await shot(page, '04-dashboard-printing')
    await expectAccessible(page, 'dashboard while printing')

    await page.click('.dashboard [data-action="pause"]')
    await page.waitForSelector('.dashboard [data-action="resume"]', { timeout: 30_000 })
    expect((await apiStatus(id)).status).toBe('paused')
    expect(await page.textContent('#printer-state')).toBe('Paused')
    await shot(page, '05-dashboard-paused')

    await page.click('.dashboard [data-action="resume"]')
    await page.waitForSelector('.dashboard [data-action="pause"]', { timeout: 30_000 })
    expect((await apiStatus(id)).status).toBe('printing_phase')

    await page.click('.dashboard [data-action="cancel"]')
    await page.waitForSelector('#confirm-dialog[open]')
    await shot(page, '06-confirm-cancel')
    await expectAccessible(page, 'cancel confirmation')
    await page.click('#confirm-yes')
    await waitFor(async () => (await apiStatus(id)).status === 'cancelled', 30_000, 'the job to be cancelled')
    await page.goto(`${gateway.url}/#/jobs/${id}`)
    await page.waitForSelector('#job-status[data-status="cancelled"]')
    expect(phone.problems).toEqual([])
  }, 180_000)

  it('shows upload progress on a slow link and can stop the upload', async () => {
    const { page } = phone
    await page.click('a[data-route="print"]')
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 64 * 1024 })
    // 4 MB at 64 KB/s: over a minute, so a loaded machine's slow click still stops it long before the last byte.
    const big = Buffer.from(`${'G1 X10 Y10 F3000 ; slow upload test line\n'.repeat(100_000)}`)
    await page.setInputFiles('#file-input', { name: 'slow-upload.gcode', mimeType: 'text/x-gcode', buffer: big })
    await expect.poll(async () => Number(await page.getAttribute('#upload-progress', 'value')), { timeout: 15_000 }).toBeGreaterThan(0)
    const midway = Number(await page.getAttribute('#upload-progress', 'value'))
    expect(midway).toBeLessThan(100)
    await page.click('button:has-text("Stop the upload")')
    await expect.poll(() => page.textContent('#upload-status')).toBe('Upload stopped.')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await cdp.detach()
    expect(page.url()).toMatch(/#\/print$/)
    const files = (await (await fetch(`${gateway.url}/api/files`)).json()) as { name: string }[]
    expect(files.map((f) => f.name)).not.toContain('slow-upload.gcode')
    expect(phone.problems).toEqual([])
  }, 60_000)

  it('uploads a G-code file with a progress bar and prints it to the end', async () => {
    const { page } = phone
    await page.click('a[data-route="print"]')
    await page.setInputFiles('#file-input', { name: 'tiny-square.gcode', mimeType: 'text/x-gcode', buffer: Buffer.from(TINY_GCODE) })
    // Uploading shows the file's card; Print asks first (the preview suite checks the card itself).
    await page.click('#file-card [data-action="print-file"]', { timeout: 30_000 })
    await page.click('#confirm-yes')
    await page.waitForURL(/#\/jobs\//, { timeout: 30_000 })
    const id = jobIdFrom(page)
    // The upload form keeps its state: the bar reached 100 % and says what was sent.
    await page.click('a[data-route="print"]')
    expect(await page.getAttribute('#upload-progress', 'value')).toBe('100')
    expect(await page.textContent('#upload-status')).toBe('Uploaded tiny-square.gcode.')
    await expect.poll(() => page.locator('.file-row .file-name').allTextContents()).toContain('tiny-square.gcode')
    await page.goto(`${gateway.url}/#/jobs/${id}`)
    // After the cancelled print the gateway waits for someone to confirm the bed is clear.
    const final = await waitFor(
      async () => {
        const status = (await apiStatus(id)).status
        if (status === 'queued' && (await page.isVisible('[data-action="bed-cleared"]'))) {
          await page.click('[data-action="bed-cleared"]')
          await page.click('#confirm-yes')
        }
        return ['completed', 'failed', 'cancelled', 'interrupted'].includes(status) ? status : false
      },
      60_000,
      'the uploaded file to finish printing',
    )
    expect(final).toBe('completed')
    await page.waitForSelector('#job-status[data-status="completed"]')
    await expect.poll(() => stepStatus(page, 'printing')).toBe('completed')
    expect(await stepStatus(page, 'research')).toBe('skipped')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#downloads a[data-kind="gcode"]')])
    expect(readFileSync(await download.path(), 'utf8')).toContain('G1 X20 Y20 E1.5')
    await shot(page, '07-job-completed')
    expect(phone.problems).toEqual([])
  }, 90_000)

  it('holds the next print in the queue until someone confirms the bed is clear', async () => {
    const { page } = phone
    await page.click('a[data-route="dashboard"]')
    await page.waitForSelector('.bed-note')
    await page.click('a[data-route="print"]')
    await page.click('.file-row button[aria-label="Print tiny-square.gcode"]')
    await page.click('#confirm-yes')
    await page.waitForURL(/#\/jobs\//)
    const id = jobIdFrom(page)
    await page.waitForSelector('#job-status[data-status="queued"]')
    expect(await stepStatus(page, 'queue')).toBe('running')
    await shot(page, '07b-job-queued')
    await expectAccessible(page, 'queued job')
    await page.click('#job-actions [data-action="bed-cleared"]')
    await page.click('#confirm-yes')
    await waitFor(async () => (await apiStatus(id)).status === 'completed', 60_000, 'the queued print to complete')
    await page.waitForSelector('#job-status[data-status="completed"]')
    expect(phone.problems).toEqual([])
  }, 90_000)

  it('answers a request it cannot build on the new-print view, before any job exists, keeping the words', async () => {
    const { page } = phone
    const jobsBefore = Number((await fetch(`${gateway.url}/api/workflows`)).headers.get('x-total-count'))
    await page.click('a[data-route="print"]')
    await page.fill('#request-text', 'please make something nice for my desk')
    await page.click('button:has-text("Make it")')
    await page.waitForSelector('#check-answer[data-state="refused"]')
    expect(await page.textContent('#check-reason')).toMatch(/cannot be made yet/i)
    expect(await page.locator('#check-answer [data-suggestion]').count()).toBeGreaterThan(0)
    expect(await page.inputValue('#request-text')).toBe('please make something nice for my desk')
    expect(page.url()).toMatch(/#\/print$/)
    expect(Number((await fetch(`${gateway.url}/api/workflows`)).headers.get('x-total-count'))).toBe(jobsBefore)
    await shot(page, '07e-request-refused')
    await expectAccessible(page, 'refused request')
    expect(phone.problems).toEqual([])
  }, 60_000)

  it('explains a failed request sent by another client, and "Write it again" brings its words back', async () => {
    const { page } = phone
    const res = await fetch(`${gateway.url}/api/print-request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_request: 'please make something nice for my desk' }),
    })
    const id = ((await res.json()) as { job_id: string }).job_id
    // Opened once it has failed: this is about showing a failed job, not about the live step updates (tested above).
    await waitFor(async () => (await apiStatus(id)).status === 'failed', 30_000, 'the request to fail')
    await page.goto(`${gateway.url}/#/jobs/${id}`)
    await page.waitForSelector('#job-status[data-status="failed"]', { timeout: 30_000 })
    const failed = (await (await fetch(`${gateway.url}/api/status/${id}`)).json()) as { error_code: string; error_message: string }
    expect(failed.error_code).toMatch(/^INTENT_/)
    // The status arrives over the socket first; the step list follows from the status route.
    await expect.poll(() => page.textContent('.error-box')).toContain(failed.error_message)
    expect(await page.textContent('.error-box')).not.toContain(failed.error_code)
    await expect.poll(() => stepStatus(page, 'research')).toBe('failed')
    expect(await stepStatus(page, 'queue')).toBe('skipped')
    expect(await page.textContent('#job-status')).toBe('Failed')
    expect(await page.isVisible('.error-box a[href="#/print"]')).toBe(true)
    await shot(page, '07c-job-failed')
    await expectAccessible(page, 'failed job')
    await page.click('.error-box a[href="#/print"]')
    await expect.poll(() => page.inputValue('#request-text')).toBe('please make something nice for my desk')
    expect(phone.problems).toEqual([])
  }, 60_000)

  it('lists jobs with a status filter', async () => {
    const { page } = phone
    await page.click('a[data-route="jobs"]')
    await page.waitForSelector('.job-row')
    expect(await page.locator('.job-row').count()).toBeGreaterThanOrEqual(2)
    await shot(page, '08-jobs')
    await expectAccessible(page, 'jobs list')
    await page.selectOption('#status-filter', 'cancelled')
    await expect.poll(() => page.locator('.job-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual(['cancelled'])
    expect(phone.problems).toEqual([])
  })

  it('round-trips a console command', async () => {
    const { page } = phone
    await page.click('a[data-route="console"]')
    await page.fill('#console-input', 'M105')
    await page.press('#console-input', 'Enter')
    await page.waitForSelector('#console-log .received')
    await expect.poll(() => page.locator('#console-log .received').allTextContents()).toContainEqual(expect.stringMatching(/T:\d/))
    expect(await page.locator('#console-log .sent').allTextContents()).toContainEqual(expect.stringContaining('M105'))
    await shot(page, '09-console')
    await expectAccessible(page, 'console with replies')
    expect(phone.problems).toEqual([])
  })

  it('shows the connection settings', async () => {
    const { page } = phone
    await page.click('a[data-route="settings"]')
    await expect.poll(() => page.inputValue('#port')).toMatch(/^sim:\/\/marlin/)
    // the firmware profiles the gateway knows are offered as suggestions
    await expect
      .poll(() => page.$$eval('#profile-options option', (o) => o.map((x) => x.getAttribute('value'))))
      .toEqual(expect.arrayContaining(['marlin', 'prusa-mk3', 'generic']))
    await shot(page, '10-settings')
    expect(phone.problems).toEqual([])
  })

  it('stops the printer with one tap, then reconnects it from the settings', async () => {
    const { page } = phone
    await page.click('a[data-route="dashboard"]')
    await page.click('#estop')
    await page.waitForSelector('#banner:not([hidden])')
    // The POST's answer ("Emergency stop sent …") and the socket's error state ("Printer error: Emergency stop …") race; either says it.
    expect(await page.textContent('#banner')).toMatch(/Emergency stop/)
    await page.waitForSelector('#printer-state[data-state="error"]', { timeout: 15_000 })
    await page.waitForSelector('#connect-note:not([hidden])')
    await shot(page, '13-emergency-stopped')
    await expectAccessible(page, 'dashboard after an emergency stop')
    await page.click('a[data-route="settings"]')
    await page.click('button:has-text("Disconnect")')
    await page.waitForSelector('#printer-state[data-state="disconnected"]', { timeout: 15_000 })
    await page.click('button:has-text("Connect")')
    await page.waitForSelector('#printer-state[data-state="operational"]', { timeout: 30_000 })
    await page.waitForSelector('#banner', { state: 'hidden' })
    // From the dashboard too: disconnected, the fix is one tap.
    await (await fetch(`${gateway.url}/api/printer/disconnect`, { method: 'POST' })).arrayBuffer()
    await page.click('a[data-route="dashboard"]')
    await page.click('#connect-note [data-action="connect"]')
    await page.waitForSelector('#printer-state[data-state="operational"]', { timeout: 30_000 })
    expect(await page.isVisible('#connect-note')).toBe(false)
    expect(phone.problems).toEqual([])
  }, 60_000)

  it('reconnects the live updates by itself after the gateway restarts', async () => {
    const { page } = phone
    await page.click('a[data-route="dashboard"]')
    await page.waitForSelector('#live-indicator[data-live="live"]')
    const before = phone.problems.length
    // The gateway stays down until the page has shown it offline.
    await gateway.restart(async () => {
      await page.waitForSelector('#live-indicator[data-live="offline"]', { timeout: 15_000 })
      await page.waitForSelector('#live-note:not([hidden])', { timeout: 15_000 })
      expect(await page.textContent('#live-note')).toMatch(/Live updates lost; reconnecting/)
    })
    await page.waitForSelector('#live-indicator[data-live="live"]', { timeout: 40_000 })
    await page.waitForSelector('#printer-state[data-state="operational"]', { timeout: 20_000 })
    await page.waitForSelector('#live-note', { state: 'hidden' })
    // While the gateway was down the socket and any request in flight failed; nothing else may.
    const whileDown = phone.problems.slice(before).filter((p) => !/ws\/progress|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET/.test(p))
    expect(whileDown).toEqual([])
  }, 90_000)
})
