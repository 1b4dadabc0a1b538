// Holds app.js back until the gateway's rendered first screen has been painted, so it is never replaced unseen.

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

/**
 * Resolves once Chromium reports every `elementtiming="first-…"` element painted (Element Timing; an element removed
 * before its paint is presented is never reported), after the next frame where Element Timing is missing, at once when
 * nothing is marked or the page is hidden, and after `timeoutMs` at the latest.
 */
export function firstScreenShown({ doc = document, Observer = globalThis.PerformanceObserver, afterFrame = nextFrame, timeoutMs = 1000 } = {}) {
  const waiting = new Set([...doc.querySelectorAll('[elementtiming^="first-"]')].map((el) => el.getAttribute('elementtiming')))
  if (waiting.size === 0 || doc.visibilityState === 'hidden') return Promise.resolve()
  if (!Observer?.supportedEntryTypes?.includes('element')) return afterFrame()
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect()
      clearTimeout(timer)
      doc.removeEventListener('visibilitychange', done)
      resolve()
    }
    const observer = new Observer((list) => {
      for (const entry of list.getEntries()) waiting.delete(entry.identifier)
      if (waiting.size === 0) done()
    })
    const timer = setTimeout(done, timeoutMs)
    doc.addEventListener('visibilitychange', done)
    observer.observe({ type: 'element', buffered: true })
  })
}
