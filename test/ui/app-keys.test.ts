// App keys on the phone in real headless Chromium (390×844): an app asks for a key, the admin's dashboard shows it, Allow hands the app its key, Deny refuses it.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './audit.js'
import { launchBrowser, openPhone, SCREENSHOT_DIR, startGateway, type PhonePage, type RunningGateway } from './harness.js'

let gateway: RunningGateway
let browser: Browser
let phone: PhonePage

async function ask(app: string): Promise<string> {
  const res = await fetch(`${gateway.url}/plugin/appkeys/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app, user: 'owner' }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { app_token: string }).app_token
}
const poll = (token: string) => fetch(`${gateway.url}/plugin/appkeys/request/${token}`)

describe('app keys on the phone', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    gateway = await startGateway('sim://marlin?baud=250000&latencyMs=1')
    browser = await launchBrowser()
    phone = await openPhone(browser, `${gateway.url}/`)
    await phone.page.waitForSelector('#printer-state[data-state="operational"]')
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
  }, 30_000)

  it('shows a waiting request with Allow and Deny; Allow gives the app its key, Deny refuses the next one', async () => {
    const { page } = phone
    expect(await page.isVisible('#app-key-requests')).toBe(false)
    const allowed = await ask('Home Assistant')
    await page.waitForSelector('#app-key-requests:not([hidden]) li[data-app="Home Assistant"]', { timeout: 15_000 })
    expect(await page.textContent('#app-key-requests li')).toContain('Home Assistant')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'app-key-request.png') })
    await expectAccessible(page, 'dashboard with an app-key request')
    expect((await poll(allowed)).status).toBe(202)
    await page.click('#app-key-requests li[data-app="Home Assistant"] button[data-decision="allow"]')
    await page.waitForSelector('#app-key-requests', { state: 'hidden', timeout: 10_000 })
    const got = await poll(allowed)
    expect(got.status).toBe(200)
    const key = ((await got.json()) as { api_key: string }).api_key
    expect((await fetch(`${gateway.url}/api/job`, { headers: { 'X-Api-Key': key } })).status).toBe(200)

    const denied = await ask('Sketchy app')
    await page.waitForSelector('#app-key-requests:not([hidden]) li[data-app="Sketchy app"]', { timeout: 15_000 })
    await page.click('#app-key-requests li[data-app="Sketchy app"] button[data-decision="deny"]')
    await page.waitForSelector('#app-key-requests', { state: 'hidden', timeout: 10_000 })
    expect((await poll(denied)).status).toBe(404)
    expect(phone.problems).toEqual([])
  }, 60_000)
})
