// Runs inside the page: lists unnamed controls, targets under 44 px and text below WCAG AA contrast.
;(() => {
  const describe = (el) => {
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${text}"`
  }
  const visible = (el) => {
    const rect = el.getBoundingClientRect()
    const style = getComputedStyle(el)
    return (
      rect.width > 0 &&
      rect.height > 0 &&
      style.visibility !== 'hidden' &&
      style.display !== 'none' &&
      !el.closest('[hidden], dialog:not([open]), .visually-hidden, .skip-link')
    )
  }
  const interactive = [...document.querySelectorAll('button, a[href], input:not([type="hidden"]), select, textarea, summary')].filter(visible)

  const nameOf = (el) => {
    const labelled = el.getAttribute('aria-labelledby')
    if (labelled)
      return labelled
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
        .trim()
    const aria = el.getAttribute('aria-label')
    if (aria) return aria.trim()
    if (el.id) {
      const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`)
      if (label?.textContent?.trim()) return label.textContent.trim()
    }
    const wrapping = el.closest('label')
    if (wrapping?.textContent?.trim()) return wrapping.textContent.trim()
    if (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return el.getAttribute('title') ?? ''
    return (el.textContent ?? '').trim() || el.getAttribute('title') || ''
  }
  const unnamed = interactive.filter((el) => !nameOf(el)).map(describe)

  const smallTargets = interactive
    .filter((el) => {
      const rect = el.getBoundingClientRect()
      return rect.height < 43.5 || rect.width < 43.5
    })
    .map((el) => {
      const r = el.getBoundingClientRect()
      return `${describe(el)} ${Math.round(r.width)}×${Math.round(r.height)}`
    })

  const parse = (color) => {
    const m = color.match(/rgba?\(([^)]+)\)/)
    if (!m?.[1]) return null
    const [r, g, b, a = 1] = m[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number)
    return { r: r ?? 0, g: g ?? 0, b: b ?? 0, a }
  }
  const luminance = ({ r, g, b }) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0)
  }
  const backgroundOf = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor)
      if (bg && bg.a > 0.9) return bg
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor) ?? { r: 255, g: 255, b: 255 }
  }
  const lowContrast = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  const checked = new Set()
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement
    if (!el || checked.has(el) || !(node.textContent ?? '').trim() || !visible(el)) continue
    checked.add(el)
    if (el.disabled || el.closest('.toast, option, svg')) continue
    const style = getComputedStyle(el)
    const fg = parse(style.color)
    if (!fg) continue
    const bg = backgroundOf(el)
    const l1 = luminance(fg)
    const l2 = luminance(bg)
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)
    const size = parseFloat(style.fontSize)
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700)
    if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${describe(el)} ${ratio.toFixed(2)}:1`)
  }

  return {
    landmarks: {
      header: document.querySelectorAll('header').length,
      nav: document.querySelectorAll('nav[aria-label]').length,
      main: document.querySelectorAll('main').length,
    },
    unnamed,
    smallTargets,
    lowContrast,
  }
})()
