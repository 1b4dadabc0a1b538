// Small pictures for lists and cards: a G-code's thumbnail from the gateway, an STL drawn here, else a placeholder.

import { h } from './dom.js'
import { drawModel, parseStl } from './model-viewer.js'

const apiPath = (url) => typeof url === 'string' && url.startsWith('/api/') && !url.startsWith('//')

/** The picture of a job's G-code, once it has one. */
export function jobThumbnailUrl(job) {
  return job?.id && apiPath(job.outputFiles?.gcode) ? `/api/workflows/${encodeURIComponent(job.id)}/thumbnail` : null
}

/**
 * A G-code file's picture (embedded, or its toolpath drawn by the gateway). None for a file the analysis found extruding
 * nothing (a start script, a travel-only test): the gateway has nothing to draw, and asking would only fetch a 404.
 */
export function fileThumbnailUrl(file) {
  const id = file?.id ?? file?.file_id
  if (!id || file.kind !== 'gcode' || file.analysis?.filamentMm === 0) return null
  return `/api/files/${encodeURIComponent(id)}/thumbnail`
}

const placeholder = (className, text) => h('span', { class: `${className} thumb-none`, 'aria-hidden': 'true' }, text)

/** An <img> of `url` that gives way to a placeholder when there is no picture; decorative beside a name. */
export function thumbnail(url, { className = 'thumb', alt = '', fallback = '' } = {}) {
  if (!url) return placeholder(className, fallback)
  const img = h('img', { class: className, src: url, alt, loading: 'lazy', decoding: 'async', width: '64', height: '64' })
  img.addEventListener('error', () => img.replaceWith(placeholder(className, fallback)), { once: true })
  return img
}

/** An STL drawn once, still, when it scrolls into view (lists show several; only visible ones are fetched). */
export function stlThumbnail(url, { className = 'thumb' } = {}) {
  if (!apiPath(url)) return placeholder(className, 'STL')
  const canvas = h('canvas', { class: className, width: '128', height: '128', 'aria-hidden': 'true' })
  const draw = async () => {
    try {
      const response = await fetch(url, { credentials: 'same-origin' })
      if (!response.ok) throw new Error(String(response.status))
      drawModel(canvas, parseStl(await response.arrayBuffer()), -Math.PI / 5, Math.PI / 6)
      canvas.dataset.drawn = 'true'
    } catch {
      canvas.replaceWith(placeholder(className, 'STL'))
    }
  }
  const watch = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return
    watch.disconnect()
    draw()
  })
  watch.observe(canvas)
  return canvas
}
