// The console mid-print: a motion command asks first, and "Do not send" sends nothing.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** Types G28 into the console shown on `page` while its printer prints, declines, and checks it was not sent. */
export async function expectMotionAsksFirst(page: Page): Promise<void> {
  await page.fill('#console-input', 'G28')
  await page.press('#console-input', 'Enter')
  await page.waitForSelector('#confirm-dialog[open]')
  expect(await page.textContent('#confirm-title')).toMatch(/G28 during the print/)
  await page.click('#confirm-no')
  await expect.poll(() => page.locator('#console-log .error').allTextContents()).toContainEqual(expect.stringMatching(/G28 not sent/))
  expect(await page.locator('#console-log .sent').allTextContents()).not.toContainEqual(expect.stringContaining('G28'))
}
