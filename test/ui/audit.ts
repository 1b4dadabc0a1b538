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
