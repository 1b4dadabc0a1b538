// Dashboard: temperatures with a short chart, the current job's progress, layer, elapsed, ETA and controls.

import { createLiveCamera } from '../camera.js'
import { temperatureChart } from '../chart.js'
import { h, replace, setText } from '../dom.js'
import { describeIntent, formatClock, formatDuration, formatTarget, formatTemp, isFinished, statusWords } from '../format.js'
import { withBusy } from '../feedback.js'
import { jobActions } from '../job-actions.js'
import { elapsedNow, jobTitle, printerProgressFor } from '../job-model.js'
import { jobThumbnailUrl, thumbnail } from '../thumbnail.js'
import { createPromptBanner } from '../prompt-banner.js'

export function createDashboardView(ctx) {
  const toolNow = h('span', { class: 'temp-now', id: 'tool-temp' })
  const toolTarget = h('span', { class: 'temp-target', id: 'tool-target' })
  const bedNow = h('span', { class: 'temp-now', id: 'bed-temp' })
  const bedTarget = h('span', { class: 'temp-target', id: 'bed-target' })
  const chartBox = h('div', { class: 'chart-box' })
  const jobBox = h('div', { class: 'job-box' })
  const announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'progress-announcer' })
  let lastAnnounced = ''
  let ticker = null
  let lastJobKey = ''

  const camera = createLiveCamera(ctx)
  const connectNote = h('div', { class: 'card connect-note', id: 'connect-note', hidden: true })
  const promptBanner = createPromptBanner(ctx)
  const el = h('div', { class: 'view dashboard' },
    h('h1', { class: 'visually-hidden' }, 'Printer'),
    connectNote,
    promptBanner.el,
    h('section', { class: 'card temps', 'aria-labelledby': 'temps-title' },
      h('h2', { id: 'temps-title', class: 'card-title' }, 'Temperatures'),
      h('div', { class: 'temp-row' },
        h('div', { class: 'temp-tile tool' }, h('span', { class: 'temp-label' }, 'Hot-end'), toolNow, toolTarget),
        h('div', { class: 'temp-tile bed' }, h('span', { class: 'temp-label' }, 'Bed'), bedNow, bedTarget)),
      chartBox),
    h('section', { class: 'card job', 'aria-labelledby': 'job-title' },
      h('h2', { id: 'job-title', class: 'card-title' }, 'Current job'),
      jobBox,
      announcer),
    camera.el)

  /** When the printer is not connected, the fix is one tap away. */
  function renderConnectNote() {
    const state = ctx.store.state.printer?.state
    const show = state === 'disconnected' || state === 'error'
    connectNote.hidden = !show
    if (!show || connectNote.dataset.state === state) return
    connectNote.dataset.state = state
    replace(connectNote,
      h('p', {}, state === 'error' ? 'The printer stopped with an error. When it is safe, reconnect it.' : 'The printer is not connected.'),
      h('button', {
        type: 'button', class: 'primary', 'data-action': 'connect',
        onClick: (e) => withBusy(e.currentTarget, async () => {
          await ctx.api.post('/api/printer/connect', {})
          await ctx.refreshAll()
        }),
      }, 'Connect the printer'))
  }

  function renderTemps() {
    const t = ctx.store.state.printer?.temperatures
    const tool = t?.tools?.[0]
    setText(toolNow, formatTemp(tool?.actual))
    setText(toolTarget, formatTarget(tool?.target))
    setText(bedNow, formatTemp(t?.bed?.actual))
    setText(bedTarget, formatTarget(t?.bed?.target))
    const history = ctx.store.state.temperatureHistory
    replace(chartBox, history.length < 2
      ? h('p', { class: 'muted small chart-empty' }, 'The chart of the last five minutes fills in as readings arrive.')
      : [temperatureChart(history), h('p', { class: 'muted small chart-caption' }, 'Up to the last 5 minutes; dashed lines are targets')])
  }

  function renderJob() {
    const job = ctx.store.currentJob()
    const bedWaiting = ctx.store.state.printer?.bed_clear === false && !['printing_phase', 'paused', 'queued'].includes(job?.status)
    const key = job ? `${job.id}|${job.status}|${job.printGate}|${job.steps?.length ?? 0}|${bedWaiting}` : `none|${bedWaiting}`
    if (key !== lastJobKey) {
      lastJobKey = key
      buildJob(job, bedWaiting)
    }
    if (job) updateJobNumbers(job)
  }

  function buildJob(job, bedWaiting) {
    const bedNote = bedWaiting ? bedClearNote() : null
    setText(el.querySelector('#job-title'), job && isFinished(job.status) ? 'Last job' : 'Current job')
    if (!job) {
      replace(jobBox,
        h('p', { class: 'muted' }, 'No print right now.'),
        bedNote,
        h('a', { href: '#/print', class: 'button primary' }, 'Start a new print'))
      return
    }
    const understood = describeIntent(job.intent, { quality: job.qualityLevel })
    replace(jobBox,
      h('div', { class: 'with-thumb' }, thumbnail(jobThumbnailUrl(job)),
        h('a', { href: `#/jobs/${encodeURIComponent(job.id)}`, class: 'job-name' }, jobTitle(job))),
      understood ? h('p', { class: 'understood' }, understood) : null,
      h('p', { class: 'job-status', 'data-status': job.status }, h('span', { class: 'status-dot' }), statusWords(job.status)),
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Job progress', 'aria-valuemin': '0', 'aria-valuemax': '100', id: 'job-progress' },
        h('div', { class: 'progress-fill' })),
      h('dl', { class: 'job-numbers' },
        h('div', {}, h('dt', { 'data-field': 'percent-label' }, 'Progress'), h('dd', { 'data-field': 'percent' })),
        h('div', {}, h('dt', {}, 'Layer'), h('dd', { 'data-field': 'layer' })),
        h('div', {}, h('dt', {}, 'Elapsed'), h('dd', { 'data-field': 'elapsed' })),
        h('div', {}, h('dt', {}, 'Done at'), h('dd', { 'data-field': 'eta' }))),
      job.errorMessage ? h('p', { class: 'error-text' }, job.errorMessage) : null,
      bedNote,
      h('div', { class: 'button-row' }, jobActions(ctx, job)))
  }

  /** After a print the gateway starts nothing until someone says the bed is empty. */
  function bedClearNote() {
    return h('div', { class: 'bed-note' },
      h('p', {}, 'Take the last print off the bed, then confirm so the next job can start.'),
      h('button', {
        type: 'button', class: 'secondary', 'data-action': 'bed-cleared',
        onClick: (e) => withBusy(e.currentTarget, async () => {
          await ctx.api.post('/api/printer/bed-cleared')
          await ctx.refreshAll()
        }),
      }, 'The bed is clear'))
  }

  function updateJobNumbers(job) {
    const printing = printerProgressFor(ctx.store.state.printer, job)
    const percent = Math.max(0, Math.min(100, printing?.percent ?? job.progress ?? 0))
    const bar = jobBox.querySelector('.progress')
    if (bar) {
      bar.setAttribute('aria-valuenow', String(Math.round(percent)))
      bar.firstElementChild.style.width = `${percent}%`
    }
    const field = (name) => jobBox.querySelector(`[data-field="${name}"]`)
    if (!field('percent')) return
    setText(field('percent-label'), printing ? 'Printed' : 'Progress')
    setText(field('percent'), `${percent.toFixed(percent < 10 && percent > 0 ? 1 : 0)} %`)
    setText(field('layer'), job.layer ? (job.layerCount ? `${job.layer} of ${job.layerCount}` : String(job.layer)) : '—')
    const elapsed = printing ? printing.elapsedMs / 1000 : elapsedNow(job)
    setText(field('elapsed'), formatDuration(elapsed))
    const finished = isFinished(job.status)
    const eta = job.etaAt instanceof Date && !finished ? job.etaAt : null
    const left = eta ? (eta.getTime() - Date.now()) / 1000 : null
    setText(field('eta'), eta ? `${formatClock(eta)} (in ${formatDuration(Math.max(0, left))})` : finished ? formatClock(new Date(job.finishedAt ?? job.updatedAt)) : '—')
    announce(job, percent)
  }

  function announce(job, percent) {
    const tenth = Math.floor(percent / 10) * 10
    const words = `${statusWords(job.status)}${job.status === 'printing_phase' ? `, ${tenth} percent` : ''}`
    if (words !== lastAnnounced) {
      lastAnnounced = words
      setText(announcer, words)
    }
  }

  return {
    el,
    enter() {
      lastJobKey = ''
      connectNote.dataset.state = ''
      renderConnectNote()
      promptBanner.render()
      renderTemps()
      renderJob()
      camera.enter()
      ticker = setInterval(() => {
        const job = ctx.store.currentJob()
        if (job) updateJobNumbers(job)
      }, 1000)
    },
    update(changes) {
      if (changes.has('printer')) {
        renderTemps()
        renderConnectNote()
        promptBanner.render()
      }
      if (changes.has('jobs') || changes.has('printer')) renderJob()
    },
    leave() {
      clearInterval(ticker)
      camera.leave()
    },
  }
}
