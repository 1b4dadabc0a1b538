// The job page's "What will print": the model to turn, its size, the slicer's time and filament, numbers to change.

import { h, replace, setText } from '../dom.js'
import { toast, withBusy } from '../feedback.js'
import { formatDuration, formatFilament } from '../format.js'
import { createModelViewer } from '../model-viewer.js'
import { jobThumbnailUrl, thumbnail } from '../thumbnail.js'

export function createJobPreview(ctx) {
  const viewer = createModelViewer()
  const size = h('p', { class: 'model-size', id: 'model-size' })
  const figures = h('p', { class: 'muted', id: 'slice-figures' })
  const picture = h('div', { class: 'model-picture' }, h('p', { class: 'muted small model-wait' }, 'The picture appears once the model is made.'))
  const form = h('form', { class: 'parameters', id: 'parameters', 'aria-label': 'Change the values', hidden: true, onSubmit: rebuild })
  const el = h(
    'section',
    { class: 'card job-preview', id: 'job-preview', 'aria-labelledby': 'preview-title', hidden: true },
    h('h2', { id: 'preview-title', class: 'card-title' }, 'What will print'),
    picture,
    size,
    figures,
    form,
  )
  let job = null
  let shownUrl = null
  let parametersFor = null

  async function loadModel(url) {
    shownUrl = url
    replace(picture, viewer.el)
    try {
      const words = await viewer.load(url)
      if (shownUrl === url) setText(size, `Size ${words}`)
    } catch (error) {
      if (shownUrl === url) replace(picture, h('p', { class: 'muted small' }, error.message))
    }
  }

  async function loadParameters(id) {
    parametersFor = id
    try {
      const preview = await ctx.api.get(`/api/workflows/${encodeURIComponent(id)}/preview`)
      if (parametersFor !== id) return
      renderParameters(preview.parameters ?? [])
    } catch {
      parametersFor = null
    }
  }

  function renderParameters(parameters) {
    form.hidden = parameters.length === 0
    replace(
      form,
      h('h3', { class: 'subtitle' }, 'Change something'),
      h(
        'div',
        { class: 'parameter-grid' },
        parameters.map((p, i) => {
          const id = `parameter-${i}`
          const text = p.kind === 'text'
          return h(
            'div',
            { class: `parameter${text ? ' parameter-text' : ''}` },
            h('label', { for: id }, p.unit ? `${p.label} (${p.unit})` : p.label),
            h('input', {
              id,
              type: text ? 'text' : 'number',
              inputmode: text ? null : 'decimal',
              name: p.path,
              'data-path': p.path,
              'data-kind': p.kind,
              'data-original': String(p.value),
              value: String(p.value),
              required: true,
              maxlength: text ? '100' : null,
              min: p.min ?? null,
              max: p.max ?? null,
              step: text ? null : p.step === 1 ? '1' : 'any',
            }),
          )
        }),
      ),
      h('button', { type: 'submit', class: 'secondary wide', 'data-action': 'rebuild' }, 'Rebuild with these values'),
    )
  }

  async function rebuild(event) {
    event.preventDefault()
    const changes = {}
    for (const input of form.querySelectorAll('input[data-path]')) {
      if (input.value === '' || input.value === input.dataset.original) continue
      const value = input.dataset.kind === 'text' ? input.value : Number(input.value)
      if (input.dataset.kind === 'text' || value !== Number(input.dataset.original)) changes[input.dataset.path] = value
    }
    if (Object.keys(changes).length === 0) {
      toast('Change a value first, then rebuild.')
      return
    }
    await withBusy(form.querySelector('button[type="submit"]'), async () => {
      const next = await ctx.api.post(`/api/workflows/${encodeURIComponent(job.id)}/rebuild`, { parameters: changes })
      ctx.store.upsertJob(next)
      toast('Rebuilding with the new values')
      ctx.navigate(`#/jobs/${encodeURIComponent(next.job_id)}`)
    })
  }

  function renderFigures() {
    const parts = []
    if (job.estimatedSeconds) parts.push(`Print time (slicer) ${formatDuration(job.estimatedSeconds)}`)
    if (job.filamentMm || job.filamentG) parts.push(`filament ${formatFilament(job.filamentMm, job.filamentG)}`)
    if (job.layerCount) parts.push(`${job.layerCount} layers`)
    setText(figures, parts.join(' · '))
    figures.hidden = parts.length === 0
  }

  return {
    el,
    /** Called whenever the job changes; loads the model and the numbers once each appears. */
    render(next) {
      job = next
      const url = typeof job.outputFiles?.stl === 'string' && job.outputFiles.stl.startsWith('/api/') ? job.outputFiles.stl : null
      // A G-code print has no model to turn: its picture is the slicer's thumbnail or its toolpath from above.
      const pictureUrl = url ? null : jobThumbnailUrl(job)
      el.hidden = !url && !pictureUrl && job.source !== 'text'
      if (url && url !== shownUrl) loadModel(url)
      if (pictureUrl && pictureUrl !== shownUrl) {
        shownUrl = pictureUrl
        replace(
          picture,
          thumbnail(pictureUrl, {
            className: 'thumb-large',
            alt: 'Picture of the G-code from the slicer, or its toolpath seen from above',
            fallback: 'No picture',
          }),
        )
      }
      if (job.source === 'text' && job.outputFiles?.intent && parametersFor !== job.id) loadParameters(job.id)
      renderFigures()
    },
    reset() {
      job = null
      shownUrl = null
      parametersFor = null
      setText(size, '')
      form.hidden = true
      replace(picture, h('p', { class: 'muted small model-wait' }, 'The picture appears once the model is made.'))
    },
    redraw: () => viewer.redraw(),
  }
}
