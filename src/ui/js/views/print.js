// New print: a request in words (with example phrasings) or an uploaded G-code/STL file with upload progress.

import { uploadFile } from '../api.js'
import { h, replace, setText } from '../dom.js'
import { showError, toast, withBusy } from '../feedback.js'
import { describeIntent, formatBytes, formatWhen } from '../format.js'
import { checkRequest, clearCheck, renderCheck } from '../request-check.js'
import { fileThumbnailUrl, stlThumbnail, thumbnail } from '../thumbnail.js'
import { analysisWords, confirmFilePrint, createFileCard } from './file-card.js'

const EXAMPLES = [
  'a 20 mm cube in PETG',
  'a cylinder 30 mm diameter and 10 mm tall, draft quality',
  '3 washers 20 mm outer diameter, 8 mm hole, 2 mm thick',
  'a hollow box 40 x 30 x 20 mm with 15% infill',
]
const MIN_CHARS = 10
const MAX_CHARS = 1000

export function createPrintView(ctx) {
  const textarea = h('textarea', {
    id: 'request-text',
    name: 'user_request',
    rows: '3',
    minlength: String(MIN_CHARS),
    maxlength: String(MAX_CHARS),
    required: true,
    autocomplete: 'off',
    'aria-describedby': 'request-help request-count',
    placeholder: 'e.g. print a 2 cm cube in PETG',
  })
  const count = h('span', { id: 'request-count', class: 'muted small' })
  const quality = h(
    'select',
    { id: 'quality', name: 'quality_level' },
    ['draft', 'standard', 'fine', 'ultra'].map((q) => h('option', { value: q, selected: q === 'standard' }, q)),
  )
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Make it')
  const fileInput = h('input', { type: 'file', id: 'file-input', name: 'file', accept: '.gcode,.gco,.g,.stl', 'aria-describedby': 'file-help' })
  const uploadBar = h('progress', { id: 'upload-progress', max: '100', value: '0', 'aria-label': 'Upload progress', hidden: true })
  const uploadStatus = h('p', { id: 'upload-status', class: 'muted small', 'aria-live': 'polite' })
  const cancelUpload = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Stop the upload')
  let uploading = null
  const fileList = h('ul', { class: 'file-list', 'aria-label': 'Uploaded files' })
  const card = createFileCard(ctx)

  const checkBox = h('div', { class: 'check-answer', id: 'check-answer', hidden: true })
  const updateCount = () => setText(count, `${textarea.value.trim().length} / ${MAX_CHARS}`)
  textarea.addEventListener('input', () => {
    updateCount()
    // An answer about other words would mislead.
    if (checkBox.dataset.state) clearCheck(checkBox)
  })
  const useSuggestion = (text) => {
    textarea.value = text
    updateCount()
    clearCheck(checkBox)
    textarea.focus()
  }

  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'words-title', onSubmit: onSubmitRequest },
    h('h2', { id: 'words-title', class: 'card-title' }, 'Describe it'),
    h('label', { for: 'request-text' }, 'What should the printer make?'),
    textarea,
    h('div', { class: 'row-between' }, h('span', { id: 'request-help', class: 'muted small' }, 'Shape, size with units, material, quality.'), count),
    h(
      'div',
      { class: 'examples', role: 'group', 'aria-label': 'Examples' },
      EXAMPLES.map((text) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            onClick: () => useSuggestion(text),
          },
          text,
        ),
      ),
    ),
    checkBox,
    h('label', { for: 'quality' }, 'Quality'),
    quality,
    submit,
  )

  const uploadForm = h(
    'section',
    { class: 'card', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title', class: 'card-title' }, 'Or send a file'),
    h('label', { for: 'file-input' }, 'G-code or STL file'),
    fileInput,
    h('p', { id: 'file-help', class: 'muted small' }, 'An STL is sliced here; a G-code file prints as it is. Nothing prints until you press Print.'),
    uploadBar,
    uploadStatus,
    cancelUpload,
    card.el,
    h('h3', { class: 'subtitle' }, 'Recent files'),
    fileList,
  )

  const el = h('div', { class: 'view print' }, h('h1', { class: 'view-title' }, 'New print'), form, uploadForm)

  async function onSubmitRequest(event) {
    event.preventDefault()
    const text = textarea.value.trim()
    if (text.length < MIN_CHARS) {
      toast(`Please write at least ${MIN_CHARS} characters, for example "${EXAMPLES[0]}".`, 'error')
      textarea.focus()
      return
    }
    await withBusy(submit, async () => {
      // Asked first, so words that cannot be built cost no job and stay in the box to be changed.
      const answer = await checkRequest(ctx.api, text, quality.value)
      renderCheck(checkBox, answer, { onSuggestion: useSuggestion, describe: (intent) => describeIntent(intent, { quality: quality.value }) })
      if (!answer.buildable) return
      const job = await ctx.api.post('/api/print-request', { user_request: text, quality_level: quality.value })
      clearCheck(checkBox)
      ctx.store.upsertJob(job)
      textarea.value = ''
      updateCount()
      ctx.navigate(`#/jobs/${encodeURIComponent(job.job_id)}`)
    })
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0]
    if (!file) return
    uploadBar.hidden = false
    uploadBar.value = 0
    setText(uploadStatus, `Uploading ${file.name}…`)
    fileInput.disabled = true
    uploading = new AbortController()
    cancelUpload.hidden = false
    try {
      const uploaded = await uploadFile(
        file,
        (fraction) => {
          uploadBar.value = Math.round(fraction * 100)
        },
        { signal: uploading.signal },
      )
      cancelUpload.hidden = true
      setText(uploadStatus, `Uploaded ${file.name}.`)
      await loadFiles()
      // The card comes first: a picture and figures to check, material and quality for an STL, then Print.
      if (uploaded?.id ?? uploaded?.file_id) await card.show(uploaded)
    } catch (error) {
      setText(uploadStatus, error.code === 'ABORTED' ? 'Upload stopped.' : `Upload failed: ${error.message}`)
      if (error.code !== 'ABORTED') showError(error)
    } finally {
      uploading = null
      cancelUpload.hidden = true
      fileInput.disabled = false
      fileInput.value = ''
    }
  })

  cancelUpload.addEventListener('click', () => uploading?.abort())

  async function startFile(file, button) {
    await withBusy(button, async () => {
      if (!(await confirmFilePrint(file.name, analysisWords(file.analysis)))) return
      const job = await ctx.api.post('/api/print-request', { file_id: file.id ?? file.file_id })
      ctx.store.upsertJob(job)
      ctx.navigate(`#/jobs/${encodeURIComponent(job.job_id)}`)
    })
  }

  async function loadFiles() {
    try {
      const data = await ctx.api.get('/api/files')
      const files = Array.isArray(data) ? data : (data?.files ?? [])
      replace(fileList, files.length === 0 ? h('li', { class: 'muted' }, 'No files yet.') : files.slice(0, 10).map(fileRow))
    } catch (error) {
      if (error.status !== 401) replace(fileList, h('li', { class: 'muted' }, `Files could not be listed: ${error.message}`))
    }
  }

  function fileRow(file) {
    const id = file.id ?? file.file_id
    const name = file.name ?? file.filename ?? id
    const picture = file.kind === 'stl' ? stlThumbnail(`/api/files/${encodeURIComponent(id)}/content`) : thumbnail(fileThumbnailUrl(file))
    // A G-code prints after a confirmation; an STL opens its card to choose material and quality first.
    const onPrint = (e) => (file.kind === 'stl' ? card.show(file) : startFile(file, e.currentTarget))
    return h(
      'li',
      { class: 'file-row' },
      h(
        'div',
        { class: 'with-thumb' },
        picture,
        h(
          'div',
          {},
          h('span', { class: 'file-name' }, name),
          h('span', { class: 'muted small' }, ` ${String(file.kind ?? '').toUpperCase()} · ${formatBytes(file.size)} · ${formatWhen(file.created_at)}`),
        ),
      ),
      h('button', { type: 'button', class: 'secondary', 'aria-label': `Print ${name}`, onClick: onPrint }, 'Print'),
    )
  }

  return {
    el,
    enter() {
      if (typeof ctx.draft === 'string' && ctx.draft) {
        textarea.value = ctx.draft
        ctx.draft = null
      }
      updateCount()
      loadFiles()
    },
  }
}
