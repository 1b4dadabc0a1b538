// In-page accessibility audit: landmarks, accessible names, 44 px touch targets and text contrast (WCAG AA).
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'

export interface AuditResult {
  landmarks: { header: number; nav: number; main: number }
  unnamed: string[]
  smallTargets: string[]
  lowContrast: string[]
}

// Browser-side code stays plain JavaScript: the project compiles without DOM types.
const AUDIT_SOURCE = readFileSync(new URL('./audit-in-page.js', import.meta.url), 'utf8')

/** Audits what is visible on the page now and returns the offending elements, described. */
export async function auditPage(page: Page): Promise<AuditResult> {
  return (await page.evaluate(AUDIT_SOURCE)) as AuditResult
}

/** Fails with the offending elements when the visible screen breaks any audit rule. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const audit = await auditPage(page)
  const problems = [
    ...audit.unnamed.map((e) => `no accessible name: ${e}`),
    ...audit.smallTargets.map((e) => `touch target under 44 px: ${e}`),
    ...audit.lowContrast.map((e) => `contrast below AA: ${e}`),
  ]
  if (problems.length > 0) throw new Error(`${where}:\n${problems.join('\n')}`)
}
