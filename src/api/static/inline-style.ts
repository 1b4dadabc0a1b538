// Stylesheets the page asks to have inlined (`data-inline`), and the CSP hashes that allow exactly that text.
import { createHash } from 'node:crypto'

/** `<link rel="stylesheet" href="/x.css" data-inline>` in index.html. */
const INLINE_LINK = /<link rel="stylesheet" href="(\/[^"?#]+\.css)" data-inline>/g

/** The CSP source for an inline `<style>` with exactly this text, e.g. `'sha256-…'`. */
export function styleHash(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`
}

/**
 * The page with each `data-inline` stylesheet as a `<style>` element, and their hashes for `style-src`;
 * a link whose file is missing stays a link.
 */
export function inlineStyles(page: string, read: (path: string) => Buffer | undefined): { page: string; hashes: string[] } {
  const hashes: string[] = []
  const text = page.replace(INLINE_LINK, (whole, path: string) => {
    const css = read(path)?.toString('utf8')
    if (css === undefined || css.includes('</')) return whole
    hashes.push(styleHash(css))
    return `<style>${css}</style>`
  })
  return { page: text, hashes }
}
