// Inlining `data-inline` stylesheets into the page and the CSP hash of exactly the inlined text.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { inlineStyles, styleHash } from './inline-style.js'

const files = new Map([['/first.css', Buffer.from('body { margin: 0 }\n.pill { color: red }\n')]])
const read = (path: string) => files.get(path)

describe('inlineStyles', () => {
  it('puts the stylesheet in a <style> element and returns the sha256 of exactly that text', () => {
    const { page, hashes } = inlineStyles('<head><link rel="stylesheet" href="/first.css" data-inline><link rel="stylesheet" href="/rest.css"></head>', read)
    expect(page).toBe('<head><style>body { margin: 0 }\n.pill { color: red }\n</style><link rel="stylesheet" href="/rest.css"></head>')
    const inline = /<style>([\s\S]*)<\/style>/.exec(page)![1]!
    expect(hashes).toEqual([`'sha256-${createHash('sha256').update(inline).digest('base64')}'`])
  })

  it('leaves a page without data-inline links, or whose file is missing, as it is', () => {
    const plain = '<link rel="stylesheet" href="/first.css">'
    expect(inlineStyles(plain, read)).toEqual({ page: plain, hashes: [] })
    const missing = '<link rel="stylesheet" href="/gone.css" data-inline>'
    expect(inlineStyles(missing, read)).toEqual({ page: missing, hashes: [] })
  })

  it('refuses to inline text that could close the <style> element', () => {
    const page = '<link rel="stylesheet" href="/evil.css" data-inline>'
    expect(inlineStyles(page, () => Buffer.from('a{}</style><script>x()</script>'))).toEqual({ page, hashes: [] })
  })

  it('hashes UTF-8 text as the browser does', () => {
    expect(styleHash('.a::before{content:"…"}')).toBe(
      `'sha256-${createHash('sha256').update(Buffer.from('.a::before{content:"…"}', 'utf8')).digest('base64')}'`,
    )
  })
})
