// Pairing in the browser: a LAN phone without a credential sees the pairing screen, types the code, then controls the printer.
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startSecureGateway, type SecureGateway } from '../security/secure-gateway.js'
import { launchBrowser, openPhone, SCREENSHOT_DIR, type PhonePage } from './harness.js'

let gw: SecureGateway
let browser: Browser
let phone: PhonePage

// Before pairing the gateway refuses the API and the WebSocket with 401; Chromium logs each refusal.
const expectedRefusal = (problem: string) => /status of 401|Unexpected response code: 401|HTTP Authentication failed/.test(problem)

describe('pairing a phone from the LAN', () => {
  beforeAll(async () => {
    gw = await startSecureGateway()
    browser = await launchBrowser()
    // The test gateway reads the client's address from this header: the browser looks like a phone on the LAN.
    phone = await openPhone(browser, 'about:blank', { extraHeaders: { [PEER_HEADER]: LAN_PEER } })
    await phone.page.goto(`${gw.baseUrl}/`)
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await gw?.close()
  }, 30_000)

  it('shows the pairing screen instead of the dashboard', async () => {
    const { page } = phone
    await page.waitForSelector('#pairing-code')
    expect(await page.getAttribute('body', 'data-auth')).toBe('needed')
    expect(await page.isVisible('nav.tabbar')).toBe(false)
    await expect.poll(() => page.textContent('#pairing-window')).toMatch(/code is waiting on the printer's display/)
    await page.screenshot({ path: join(SCREENSHOT_DIR, '00-pairing.png') })
  })

  it('says a wrong code is wrong, in plain words', async () => {
    const { page } = phone
    await page.fill('#pairing-code', 'NOPE-0000')
    await page.click('button:has-text("Pair this phone")')
    await expect.poll(() => page.textContent('#pairing-error')).toBe('The pairing code is wrong or has expired')
    expect(await page.isVisible('#pairing-code')).toBe(true)
  })

  it('pairs with the right code, then the dashboard and the console work with the session cookie', async () => {
    const { page } = phone
    await page.fill('#pairing-code', gw.pairingCode)
    await page.fill('#device-name', 'Test phone')
    await page.click('button:has-text("Pair this phone")')
    await page.waitForSelector('#printer-state[data-state="operational"]', { timeout: 15_000 })
    await page.waitForSelector('#live-indicator[data-live="live"]', { timeout: 15_000 })
    expect(await page.getAttribute('body', 'data-auth')).toBeNull()
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.httpOnly && c.sameSite === 'Strict')).toBeTruthy()
    expect(gw.security.store.list().map((t) => t.name)).toContain('Test phone')

    await page.click('a[data-route="console"]')
    await page.fill('#console-input', 'M105')
    await page.press('#console-input', 'Enter')
    await expect.poll(() => page.locator('#console-log .received').allTextContents()).toContainEqual(expect.stringMatching(/T:\d/))

    await page.click('a[data-route="settings"]')
    await expect.poll(() => page.textContent('#device-facts')).toContain('paired as "Test phone"')
    expect(phone.problems.filter((p) => !expectedRefusal(p))).toEqual([])
  }, 60_000)
})
