// The file card: an uploaded file's picture and figures, material and quality for an STL, and Print (after asking).

import { h, replace, setText } from '../dom.js'
import { confirmAction, withBusy } from '../feedback.js'
import { formatBytes, formatDuration, formatFilament } from '../format.js'
import { createModelViewer } from '../model-viewer.js'
import { fileThumbnailUrl, thumbnail } from '../thumbnail.js'

/** "Print <name>?" with what it will take; resolves true only on an explicit yes. */
export function confirmFilePrint(name, facts = '') {
  return confirmAction({
    title: `Print ${name}?`,
    text: `${facts ? `${facts}. ` : ''}The printer heats up and starts moving: make sure the bed is empty.`,
    yes: 'Print',
    no: 'Not now',
  })
}

/** Time and filament of a G-code's analysis, in words ("about 3 min · 1.20 m"). */
export function analysisWords(analysis) {
  const parts = []
  if (analysis?.estimatedSeconds) parts.push(`about ${formatDuration(analysis.estimatedSeconds)}`)
  if (analysis?.filamentMm) parts.push(`${formatFilament(analysis.filamentMm, analysis.filamentG)} of filament`)
  return parts.join(', ')
}

export function createFileCard(ctx) {
  const title = h('h2', { class: 'card-title', id: 'file-card-title' })
  const picture = h('div', { class: 'model-picture' })
  const facts = h('dl', { id: 'file-facts' })
  const choices = h('div', { class: 'file-choices', id: 'file-choices' })
  const print = h('button', { type: 'button', class: 'primary wide', 'data-action': 'print-file' }, 'Print')
  const el = h(
    'section',
    { class: 'card file-card', id: 'file-card', 'aria-labelledby': 'file-card-title', hidden: true, tabindex: '-1' },
    title,
    picture,
    facts,
    choices,
    print,
  )
  let shown = null
  let options = null

  const fact = (label, value, field) => h('div', {}, h('dt', {}, label), h('dd', { 'data-fact': field }, value ?? '—'))

  async function printOptions() {
    options ??= await ctx.api.get('/api/print-options')
    return options
  }

  function select(id, label, values, chosen) {
    return h(
      'div',
      { class: 'parameter' },
      h('label', { for: id }, label),
      h(
        'select',
        { id, name: id },
        values.map((v) => h('option', { value: v, selected: v === chosen }, v)),
      ),
    )
  }

  async function show(file) {
    shown = file
    const id = file.id ?? file.file_id
    const analysis = file.analysis ?? {}
    setText(title, file.name)
    el.hidden = false
    el.dataset.fileId = id
    el.dataset.kind = file.kind
    replace(choices)
    const size = analysis.objectBoundingBox?.size ?? analysis.boundingBox?.size
    replace(
      facts,
      fact('Size', Array.isArray(size) ? `${size.map((n) => Math.round(n * 10) / 10).join(' × ')} mm` : null, 'size'),
      fact('Layers', analysis.layerCount ? String(analysis.layerCount) : null, 'layers'),
      fact('Time', analysis.estimatedSeconds ? formatDuration(analysis.estimatedSeconds) : null, 'time'),
      fact('Filament', analysis.filamentMm ? formatFilament(analysis.filamentMm, analysis.filamentG) : null, 'filament'),
      fact('Material', null, 'material'),
      fact('File', formatBytes(file.size), 'bytes'),
    )
    if (file.kind === 'stl') {
      const viewer = createModelViewer({ label: `3D preview of ${file.name}` })
      replace(picture, viewer.el)
      viewer
        .load(`/api/files/${encodeURIComponent(id)}/content`)
        .then((words) => {
          if (shown === file) setText(facts.querySelector('[data-fact="size"]'), words)
        })
        .catch(() => replace(picture, h('p', { class: 'muted small' }, 'The model could not be drawn.')))
      // An STL is sliced here: the person picks material and quality, starting from the printer's defaults.
      const o = await printOptions()
      if (shown !== file) return
      setText(facts.querySelector('[data-fact="material"]'), 'chosen below')
      for (const field of ['layers', 'time', 'filament']) setText(facts.querySelector(`[data-fact="${field}"]`), 'after slicing')
      replace(
        choices,
        h(
          'div',
          { class: 'parameter-grid' },
          select('file-material', 'Material', o.materials, o.default_material),
          select('file-quality', 'Quality', o.qualities, o.default_quality),
        ),
      )
    } else {
      replace(picture, thumbnail(fileThumbnailUrl(file), { className: 'thumb-large', alt: `Picture of ${file.name}`, fallback: 'No picture' }))
      const more = await ctx.api.get(`/api/files/${encodeURIComponent(id)}/preview`).catch(() => null)
      if (shown === file) setText(facts.querySelector('[data-fact="material"]'), more?.material ?? 'not stated in the file')
    }
    el.scrollIntoView({ block: 'start' })
    el.focus({ preventScroll: true })
  }

  print.addEventListener('click', () =>
    withBusy(print, async () => {
      const file = shown
      if (!file) return
      const body = { file_id: file.id ?? file.file_id }
      let what = analysisWords(file.analysis)
      if (file.kind === 'stl') {
        const material = el.querySelector('#file-material').value
        const quality = el.querySelector('#file-quality').value
        body.printer_profile = `${options.printer}_${material.toLowerCase()}`
        body.quality_level = quality
        what = `Sliced here in ${material}, ${quality} quality`
      }
      if (!(await confirmFilePrint(file.name, what))) return
      const job = await ctx.api.post('/api/print-request', body)
      ctx.store.upsertJob(job)
      ctx.navigate(`#/jobs/${encodeURIComponent(job.job_id)}`)
    }),
  )

  return {
    el,
    show: (file) => show(file),
    hide() {
      shown = null
      el.hidden = true
    },
  }
}
