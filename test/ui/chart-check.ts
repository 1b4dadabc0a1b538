// The temperature chart after a reload: the samples the gateway kept are drawn at once, with a time axis and a degree axis.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { waitFor } from './harness.js'

/**
 * Waits until the gateway keeps 8 samples at `historyUrl` (a full URL), reloads the page, waits for `ready` when given, and
 * checks the chart holds about all of them (far more than the page could read itself) with both axes.
 */
export async function expectKeptChartAfterReload(page: Page, historyUrl: string, ready?: string): Promise<void> {
  const kept = await waitFor(
    async () => {
      const history = (await (await fetch(historyUrl)).json()) as { samples: unknown[] }
      return history.samples.length >= 8 ? history.samples.length : false
    },
    60_000,
    `the gateway to keep 8 samples at ${historyUrl}`,
  )
  await page.reload()
  if (ready) await page.waitForSelector(ready)
  await page.waitForSelector('.temp-chart polyline.actual.tool')
  const points = (await page.evaluate(`document.querySelector('.temp-chart polyline.actual.tool').getAttribute('points').split(' ').length`)) as number
  expect(points).toBeGreaterThanOrEqual(kept - 1)
  expect(await page.locator('.temp-chart [data-axis="time"] text').allTextContents()).toContain('now')
  expect((await page.locator('.temp-chart [data-axis="degrees"] text').allTextContents()).some((t) => /^\d+°$/.test(t))).toBe(true)
}
