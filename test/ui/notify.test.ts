// Issue 16, notifications in Chromium at 390×844: the ntfy/Apprise URL edited in Setup, "Send test", saved in SQLite
// (password kept, never shown), and the gateway itself posting to it when a print finishes. A local HTTP receiver listens.
import { createServer, type Server } from 'node:http'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './audit.js'
import { launchBrowser, openPhone, startGateway, waitFor, type RunningGateway } from './harness.js'

const SIM_URL = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.05'

let gateway: RunningGateway
let browser: Browser
let receiver: Server
let receiverPort: number
const notices: { path: string; title: string; auth: string; body: string }[] = []

describe('notification URLs in Setup', () => {
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        notices.push({ path: req.url ?? '', title: String(req.headers.title ?? ''), auth: String(req.headers.authorization ?? ''), body })
        res.writeHead(200).end('{}')
      })
    })
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
    receiverPort = (receiver.address() as { port: number }).port
    gateway = await startGateway(SIM_URL)
    browser = await launchBrowser()
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
    await new Promise<void>((done) => receiver?.close(() => done()))
  }, 30_000)

  it('keeps what was typed when the saved list arrives after it', async () => {
    const { page, problems } = await openPhone(browser, `${gateway.url}/#/`)
    let answer!: () => void
    const held = new Promise<void>((resolve) => (answer = resolve))
    await page.route('**/api/settings/notifications', async (route) => {
      if (route.request().method() === 'GET') await held
      await route.continue()
    })
    await page.goto(`${gateway.url}/#/settings`)
    await page.waitForSelector('form[data-state="loading"] #notify-urls')
    await page.fill('#notify-urls', 'ntfy://127.0.0.1:9/typed-first')
    answer()
    await page.waitForSelector('form[data-state="loaded"] #notify-urls')
    expect(await page.inputValue('#notify-urls')).toBe('ntfy://127.0.0.1:9/typed-first')
    expect(problems).toEqual([])
    await page.close()
  }, 60_000)

  it('sends a test, saves the URL with its password hidden, and the gateway posts when a print finishes', async () => {
    const { page, problems } = await openPhone(browser, `${gateway.url}/#/settings`)
    await page.waitForSelector('#notify-urls')
    await expectAccessible(page, 'setup with notifications')
    const url = `ntfy://me:s3cret@127.0.0.1:${receiverPort}/phone-topic`
    await page.fill('#notify-urls', url)
    await page.click('button:has-text("Send test")')
    await page.waitForSelector('#notify-result:has-text("Test sent to 1 place.")')
    expect(notices).toEqual([
      {
        path: '/phone-topic',
        title: 'printgate test',
        auth: `Basic ${Buffer.from('me:s3cret').toString('base64')}`,
        body: expect.stringMatching(/reach this place/),
      },
    ])

    // Not saved yet: a reload shows an empty box.
    await page.reload()
    await page.waitForSelector('#notify-urls')
    expect(await page.inputValue('#notify-urls')).toBe('')
    await page.fill('#notify-urls', `mailto:someone@example.org\n${url}`)
    await page.click('#notify-title ~ .button-row button:has-text("Save")')
    await page.waitForSelector('#toast:has-text("Unsupported notification scheme mailto:")')
    await page.fill('#notify-urls', url)
    await page.click('#notify-title ~ .button-row button:has-text("Save")')
    await page.waitForSelector('#toast:has-text("Notification URLs saved")')

    await page.reload()
    const shown = await waitFor(() => page.inputValue('#notify-urls'), 15_000, 'the saved URL in the box')
    expect(shown).toBe(`ntfy://me:***@127.0.0.1:${receiverPort}/phone-topic`)
    expect(await (await fetch(`${gateway.url}/api/settings/notifications`)).json()).toEqual({ configured: [], urls: [shown], https_port: null })
    // The hidden password is still the saved one when the box is tested as shown.
    await page.click('button:has-text("Send test")')
    await waitFor(() => notices.length === 2, 15_000, 'the second test')
    expect(notices[1]!.auth).toBe(`Basic ${Buffer.from('me:s3cret').toString('base64')}`)

    const bad = await fetch(`${gateway.url}/api/settings/notifications`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ urls: ['ftp://x/y'] }),
    })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as { error: string }).error).toBe('VALIDATION_FAILED')

    // A print that finishes: the gateway posts to the saved URL (auto-start is off, so it asks to clear the bed).
    const form = new FormData()
    form.append('file', new Blob(['G28\nG1 X10 Y10 F3000\nG1 X20 Y20\n']), 'notify.gcode')
    const file = (await (await fetch(`${gateway.url}/api/files`, { method: 'POST', body: form })).json()) as { id: string }
    await fetch(`${gateway.url}/api/print-request`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ file_id: file.id }),
    })
    await waitFor(() => notices.length === 3, 60_000, 'the notice of the finished print')
    expect(notices[2]).toMatchObject({ path: '/phone-topic', title: 'Print finished: clear the bed', body: expect.stringMatching(/notify\.gcode is done/) })
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([])
  }, 120_000)
})
