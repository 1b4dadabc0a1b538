// One job: what was understood, the live step timeline, progress, errors in plain words, downloads, events.

import { createJobCamera } from '../camera.js'
import { h, replace, setText } from '../dom.js'
import { describeIntent, formatClock, formatDuration, formatFilament, formatWhen, isFinished, statusWords } from '../format.js'
import { jobActions } from '../job-actions.js'
import { jobTitle, stagesOf } from '../job-model.js'
import { endOf, endWords, jobTone, printSeconds, progressOf, progressWords } from '../job-words.js'
import { createJobRecovery } from '../recovery.js'
import { createJobPreview } from './job-preview.js'

const DOWNLOAD_WORDS = { stl: 'Download STL model', gcode: 'Download G-code', intent: 'What was understood (JSON)' }
const STEP_WORDS = { pending: 'waiting', running: 'in progress', completed: 'done', failed: 'failed', skipped: 'skipped', cancelled: 'stopped by you' }

export function createJobDetailView(ctx) {
  const title = h('h1', { class: 'view-title job-title' })
  const understood = h('p', { class: 'understood', id: 'understood' })
  const assumptions = h('ul', { class: 'assumptions muted small', id: 'assumptions', 'aria-label': 'Assumptions' })
  const status = h('p', { class: 'job-status', id: 'job-status', 'aria-live': 'polite' })
  const steps = h('ol', { class: 'steps', id: 'job-steps', 'aria-label': 'Steps' })
  const progress = h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-label': 'Job progress', 'aria-valuemin': '0', 'aria-valuemax': '100' },
    h('div', { class: 'progress-fill' }),
  )
  const numbers = h('p', { class: 'muted', id: 'job-numbers' })
  const error = h('div', { class: 'error-box', role: 'alert', hidden: true })
  const actions = h('div', { class: 'button-row', id: 'job-actions' })
  const downloads = h('ul', { class: 'downloads', id: 'downloads' })
  const events = h('ol', { class: 'events', id: 'job-events' })
  let jobId = null
  let lastActionsKey = ''
  let lastStepsKey = ''
  let lastDownloadsKey = ''
  let lastErrorKey = ''
  let ticker = null
  const preview = createJobPreview(ctx)
  const camera = createJobCamera(ctx)
  const recovery = createJobRecovery(ctx)

  const el = h(
    'div',
    { class: 'view job-detail' },
    h('a', { href: '#/jobs', class: 'back-link' }, '← All jobs'),
    title,
    understood,
    assumptions,
    preview.el,
    h('section', { class: 'card', 'aria-label': 'Status' }, status, progress, numbers, error, actions),
    recovery.el,
    camera.el,
    h('section', { class: 'card', 'aria-labelledby': 'steps-title' }, h('h2', { id: 'steps-title', class: 'card-title' }, 'Steps'), steps),
    h('section', { class: 'card', 'aria-labelledby': 'downloads-title' }, h('h2', { id: 'downloads-title', class: 'card-title' }, 'Files'), downloads),
    h('details', { class: 'card' }, h('summary', {}, 'Event log'), events),
  )

  function render() {
    const job = ctx.store.state.jobs.get(jobId)
    if (!job) {
      setText(title, 'Loading…')
      return
    }
    setText(title, jobTitle(job))
    const words = describeIntent(job.intent, { quality: job.qualityLevel })
    setText(understood, words ? `Understood: ${words}` : '')
    understood.hidden = !words
    const assumed = Array.isArray(job.intent?.assumptions) ? job.intent.assumptions : []
    replace(
      assumptions,
      assumed.map((text) => h('li', {}, text)),
    )
    assumptions.hidden = assumed.length === 0
    status.dataset.status = job.status ?? ''
    status.dataset.tone = jobTone(job.status)
    const showMessage = job.message && job.message !== statusWords(job.status) && !job.errorMessage
    setText(status, `${statusWords(job.status)}${showMessage ? ` — ${job.message}` : ''}`)
    renderNumbers(job)
    renderSteps(job)
    error.hidden = !job.errorMessage
    const errorKey = `${job.status}|${job.errorCode}|${job.errorMessage}`
    if (job.errorMessage && errorKey !== lastErrorKey) {
      lastErrorKey = errorKey
      const label = job.status === 'cancelled' ? 'Why it stopped: ' : 'What went wrong: '
      replace(error, h('p', {}, h('strong', {}, label), job.errorMessage), hintFor(job))
    }
    const printer = ctx.store.state.printer
    const actionsKey = `${job.id}|${job.status}|${job.printGate}|${printer?.state}|${printer?.auto_start}`
    if (actionsKey !== lastActionsKey) {
      lastActionsKey = actionsKey
      replace(actions, jobActions(ctx, job))
    }
    renderDownloads(job)
    preview.render(job)
    camera.show(job)
    recovery.show(job)
  }

  /** A next step for the failures a person can fix from the phone. */
  function hintFor(job) {
    const code = String(job.errorCode ?? '')
    if (code.startsWith('INTENT_')) {
      return [
        h('p', {}, 'Name a shape and its size, for example "print a 20 mm cube in PETG" or "a cylinder 30 mm diameter and 10 mm tall".'),
        // The words go back into the box to be changed, not retyped.
        h(
          'a',
          {
            href: '#/print',
            class: 'button secondary',
            onClick: () => {
              ctx.draft = job.request ?? ''
            },
          },
          'Write it again',
        ),
      ]
    }
    if (code === 'MODEL_TOO_LARGE') return h('p', {}, 'Make it smaller, or print it in parts.')
    if (code.startsWith('PRINTER_') || code === 'FIRMWARE_FATAL') return h('p', {}, 'Check the printer, then reconnect it under Setup.')
    return null
  }

  /** The one figure (steps before printing, the printer's own percentage while printing), one duration, one end time. */
  function renderNumbers(job) {
    const printer = ctx.store.state.printer
    const shown = progressOf(job, printer)
    progress.hidden = shown.percent === null
    if (shown.percent !== null) {
      progress.setAttribute('aria-valuenow', String(Math.round(shown.percent)))
      progress.firstElementChild.style.width = `${shown.percent}%`
    }
    const parts = [shown.mode === 'printing' ? `${progressWords(shown)} printed` : progressWords(shown)]
    if (job.layer && shown.mode !== 'stopped') parts.push(`layer ${job.layer}${job.layerCount ? ` of ${job.layerCount}` : ''}`)
    const seconds = printSeconds(job, printer)
    if (seconds !== null && seconds > 0) parts.push(`${isFinished(job.status) ? 'printed for' : 'printing for'} ${formatDuration(seconds)}`)
    if (job.estimatedSeconds) parts.push(`slicer estimate ${formatDuration(job.estimatedSeconds)}`)
    const end = endOf(job)
    if (end.at) parts.push(`${end.label.toLowerCase()} ${endWords(end)}`)
    if (job.filamentMm || job.filamentG) parts.push(`filament ${formatFilament(job.filamentMm, job.filamentG)}`)
    setText(numbers, parts.join(' · '))
  }

  function renderSteps(job) {
    const key = JSON.stringify([job.status, job.steps])
    if (key === lastStepsKey) return
    lastStepsKey = key
    replace(
      steps,
      stagesOf(job).map((stage) => {
        const step = stage.step
        const detail = []
        if (step?.durationSeconds !== null && step?.durationSeconds !== undefined) detail.push(formatDuration(step.durationSeconds))
        else if (step?.startedAt && stage.status === 'running') detail.push(`since ${formatClock(new Date(step.startedAt))}`)
        if (step?.errorMessage) detail.push(step.errorMessage)
        return h(
          'li',
          { class: 'step', 'data-step': stage.key, 'data-status': stage.status },
          h('span', { class: 'step-mark', 'aria-hidden': 'true' }),
          h('span', { class: 'step-name' }, stage.label),
          h('span', { class: 'step-state' }, STEP_WORDS[stage.status] ?? stage.status),
          detail.length ? h('span', { class: 'step-detail' }, detail.join(' · ')) : null,
        )
      }),
    )
  }

  function renderDownloads(job) {
    // Rebuilt only when the files change, so a focused link keeps its focus.
    const key = JSON.stringify([isFinished(job.status), job.outputFiles ?? null])
    if (key === lastDownloadsKey) return
    lastDownloadsKey = key
    const files = job.outputFiles && typeof job.outputFiles === 'object' ? Object.entries(job.outputFiles) : []
    // Only the gateway's own paths: a value from the API never becomes a javascript: or foreign link.
    const links = files.filter(([, url]) => typeof url === 'string' && url.startsWith('/') && !url.startsWith('//'))
    replace(
      downloads,
      links.length === 0
        ? h('li', { class: 'muted' }, isFinished(job.status) ? 'No files were produced.' : 'Files appear here once they are made.')
        : links.map(([kind, url]) =>
            h('li', {}, h('a', { href: url, download: '', class: 'button secondary', 'data-kind': kind }, DOWNLOAD_WORDS[kind] ?? `Download ${kind}`)),
          ),
    )
  }

  async function loadEvents() {
    try {
      const data = await ctx.api.get(`/api/workflows/${encodeURIComponent(jobId)}/events`)
      const list = Array.isArray(data) ? data : (data?.events ?? [])
      replace(
        events,
        list.length === 0
          ? h('li', { class: 'muted' }, 'No events yet.')
          : list.map((e) => h('li', {}, h('time', { datetime: e.at ?? e.timestamp ?? '' }, formatWhen(e.at ?? e.timestamp)), ` ${e.message ?? e.type ?? ''}`)),
      )
    } catch {
      replace(events, h('li', { class: 'muted' }, 'The event log could not be loaded.'))
    }
  }

  return {
    el,
    enter({ id }) {
      jobId = id
      lastActionsKey = ''
      lastStepsKey = ''
      lastDownloadsKey = ''
      lastErrorKey = ''
      preview.reset()
      render()
      ctx.refreshJob(id).catch((e) => {
        setText(title, e.status === 404 ? 'No such job' : 'Could not load this job')
        setText(status, e.message)
      })
      events.parentElement.addEventListener('toggle', loadEvents)
      ticker = setInterval(() => {
        const job = ctx.store.state.jobs.get(jobId)
        if (job?.status === 'printing_phase' || job?.status === 'paused') renderNumbers(job)
      }, 1000)
    },
    update(changes) {
      if (changes.has('jobs') || changes.has('printer')) render()
    },
    leave() {
      clearInterval(ticker)
      camera.leave()
      events.parentElement.removeEventListener('toggle', loadEvents)
    },
  }
}
