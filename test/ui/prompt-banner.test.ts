// The phone UI in real headless Chromium (390×844): the firmware waits for a person, the dashboard shows its text and
// buttons, a tap answers it (M876 S<n> through POST /api/printer/prompt) and the printer carries on.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from './audit.js'
import { launchBrowser, openPhone, SCREENSHOT_DIR, startGateway, type PhonePage, type RunningGateway } from './harness.js'

const SIM_URL = 'sim://marlin?baud=250000&latencyMs=1&heatRate=400&bedHeatRate=200&homeMs=200&timeScale=0.1'

let gateway: RunningGateway
let browser: Browser
let phone: PhonePage

/** A console command that blocks in the firmware until someone answers; resolves with its reply lines. */
function consoleCommand(command: string): Promise<{ reply: string[] }> {
  return fetch(`${gateway.url}/api/printer/command`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ command }),
  }).then(async (res) => (await res.json()) as { reply: string[] })
}

describe('pause for user on the phone', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    gateway = await startGateway(SIM_URL)
    browser = await launchBrowser()
    phone = await openPhone(browser, `${gateway.url}/`)
    await phone.page.waitForSelector('#printer-state[data-state="operational"]')
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await gateway?.stop()
  }, 30_000)

  it('shows M0 with its text and a Continue button; a tap answers it and the banner goes', async () => {
    const { page } = phone
    expect(await page.isVisible('#prompt-banner')).toBe(false)
    const answered = consoleCommand('M0 Remove the brim')
    await page.waitForSelector('#prompt-banner:not([hidden])', { timeout: 15_000 })
    expect(await page.textContent('#prompt-banner .prompt-text')).toBe('Remove the brim')
    expect(await page.locator('#prompt-banner button').allTextContents()).toEqual(['Continue'])
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'prompt-m0.png') })
    await expectAccessible(page, 'dashboard with a prompt')
    await page.click('#prompt-banner button[data-choice="0"]')
    expect((await answered).reply.at(-1)).toMatch(/^ok/)
    await page.waitForSelector('#prompt-banner', { state: 'hidden', timeout: 10_000 })
    const sent = ((await (await fetch(`${gateway.url}/api/printer/console`)).json()) as { direction: string; line: string }[])
      .filter((l) => l.direction === 'sent')
      .map((l) => l.line)
    expect(sent).toContain('M876 S0')
    expect(phone.problems).toEqual([])
  }, 60_000)

  it('walks M600 through its two prompts, choosing by button', async () => {
    const { page } = phone
    const answered = consoleCommand('M600')
    await page.waitForSelector('#prompt-banner:not([hidden]) >> text=Nozzle Parked', { timeout: 15_000 })
    await page.click('#prompt-banner button:has-text("Continue")')
    await page.waitForSelector('#prompt-banner:not([hidden]) >> text=Purge More', { timeout: 10_000 })
    expect(await page.locator('#prompt-banner button').allTextContents()).toEqual(['Purge More', 'Continue'])
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'prompt-m600.png') })
    await page.click('#prompt-banner button:has-text("Continue")')
    expect((await answered).reply.at(-1)).toMatch(/^ok/)
    await page.waitForSelector('#prompt-banner', { state: 'hidden', timeout: 10_000 })
    expect(phone.problems).toEqual([])
  }, 60_000)

  it('refuses an answer when nothing waits, and a button that does not exist', async () => {
    const post = (body: unknown) =>
      fetch(`${gateway.url}/api/printer/prompt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const none = await post({ choice: 0 })
    expect(none.status).toBe(409)
    expect(((await none.json()) as { error: string }).error).toBe('PROMPT_NOT_OPEN')
    expect((await post({ choice: -1 })).status).toBe(422)
  })
})
