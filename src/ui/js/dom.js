// Tiny DOM helpers: build elements without innerHTML so user text is never parsed as markup.

const SVG_NS = 'http://www.w3.org/2000/svg'

/** Creates an element: h('button', { class: 'x', onClick }, 'text', child). */
export function h(tag, props, ...children) {
  return fill(document.createElement(tag), props, children)
}

/** Same as h() for SVG elements. */
export function s(tag, props, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), props, children)
}

function fill(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value)
    } else if (key === 'class') {
      el.setAttribute('class', value)
    } else if (key === 'text') {
      el.textContent = String(value)
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value)
    } else if (key === 'value' && 'value' in el) {
      el.value = value
    } else {
      el.setAttribute(key, value === true ? '' : String(value))
    }
  }
  append(el, children)
  return el
}

/** Appends children, skipping null/false and turning strings and numbers into text. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

/** Replaces every child of el. */
export function replace(el, ...children) {
  el.replaceChildren()
  return append(el, children)
}

/** Sets text only when it changed, so screen readers are not re-notified. */
export function setText(el, text) {
  const next = String(text ?? '')
  if (el.textContent !== next) el.textContent = next
}

export const byId = (id) => document.getElementById(id)
