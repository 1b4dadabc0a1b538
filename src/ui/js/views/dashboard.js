// Dashboard: temperatures with a short chart, the current job's progress, layer, elapsed, ETA and controls.

import { createLiveCamera } from '../camera.js'
import { h, replace, setText } from '../dom.js'
import { describeIntent, formatClock, formatDuration, isFinished, statusWords } from '../format.js'
import { withBusy } from '../feedback.js'
import { jobActions } from '../job-actions.js'
import { jobTitle } from '../job-model.js'
import { endOf, endWords, jobTone, printSeconds, progressOf, progressWords } from '../job-words.js'
import { printerSituation } from '../printer-words.js'
import { createTempsCard } from '../temps-card.js'
import { jobThumbnailUrl, thumbnail } from '../thumbnail.js'
import { createPromptBanner } from '../prompt-banner.js'
import { createAppKeyRequests } from '../app-keys.js'
import { createPrintersCard } from '../printers-card.js'

export function createDashboardView(ctx) {
  const temps = createTempsCard(ctx)
  const sourceNote = h('p', { class: 'card snapshot-note', id: 'snapshot-note', role: 'status', hidden: true })
  const jobBox = h('div', { class: 'job-box' })
  const announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'progress-announcer' })
  let lastAnnounced = ''
  let ticker = null
  let lastJobKey = ''

  const camera = createLiveCamera(ctx)
  const connectNote = h('div', { class: 'card connect-note', id: 'connect-note', hidden: true })
  const promptBanner = createPromptBanner(ctx)
  const appKeys = createAppKeyRequests(ctx)
  const printers = createPrintersCard(ctx)
  const el = h(
    'div',
    { class: 'view dashboard' },
    h('h1', { class: 'visually-hidden' }, 'Printer'),
    sourceNote,
    connectNote,
    promptBanner.el,
    appKeys.el,
    printers.el,
    temps.el,
    h('section', { class: 'card job', 'aria-labelledby': 'job-title' }, h('h2', { id: 'job-title', class: 'card-title' }, 'Current job'), jobBox, announcer),
    camera.el,
  )

  /** Not connected: what state the printer is in, and the fix one tap away (offered only when it can work). */
  function renderConnectNote() {
    const printer = ctx.store.state.printer
    const situation = printerSituation(printer)
    const show = situation !== null && ctx.store.state.source === 'gateway'
    connectNote.hidden = !show
    const key = `${printer?.state}|${printer?.reason}|${ctx.store.state.live}`
    if (!show || connectNote.dataset.key === key) return
    connectNote.dataset.key = key
    connectNote.dataset.state = printer?.state ?? ''
    const offline = ctx.store.state.live !== 'live'
    replace(
      connectNote,
      h('p', { id: 'printer-situation' }, situation),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-action': 'connect',
          disabled: offline,
          onClick: (e) =>
            withBusy(e.currentTarget, async () => {
              await ctx.api.post('/api/printer/connect', {})
              await ctx.refreshAll()
            }),
        },
        printer?.state === 'error' ? 'Reconnect the printer' : 'Connect the printer',
      ),
    )
  }

  /** Reloaded without the gateway: the last known state, said to be such. */
  function renderSource() {
    const { source, snapshotAt } = ctx.store.state
    sourceNote.hidden = source !== 'snapshot'
    if (source === 'snapshot')
      setText(
        sourceNote,
        `The gateway cannot be reached. This is the last known state${snapshotAt ? `, saved at ${formatClock(new Date(snapshotAt))}` : ''}; it may have changed since.`,
      )
    el.dataset.source = source
  }

  function renderJob() {
    const job = ctx.store.currentJob()
    const printer = ctx.store.state.printer
    // With auto-start the gateway never waits for the bed; disconnected, a confirmation could not start anything.
    const bedWaiting =
      printer?.bed_clear === false &&
      printer?.auto_start !== true &&
      printer?.state === 'operational' &&
      !['printing_phase', 'paused', 'queued'].includes(job?.status)
    const key = job
      ? `${job.id}|${job.status}|${job.steps?.length ?? 0}|${bedWaiting}|${job.printGate}|${printer?.auto_start}|${printer?.state}`
      : `none|${bedWaiting}|${ctx.store.state.source}`
    if (key !== lastJobKey) {
      lastJobKey = key
      buildJob(job, bedWaiting)
    }
    if (job) updateJobNumbers(job)
  }

  function buildJob(job, bedWaiting) {
    const bedNote = bedWaiting ? bedClearNote() : null
    setText(el.querySelector('#job-title'), job && isFinished(job.status) ? 'Last job' : 'Current job')
    if (!job && ctx.store.state.source === 'loading') {
      replace(jobBox, h('p', { class: 'muted' }, 'Loading…'))
      return
    }
    if (!job) {
      replace(jobBox, h('p', { class: 'muted' }, 'No print right now.'), bedNote, h('a', { href: '#/print', class: 'button primary' }, 'Start a new print'))
      return
    }
    const understood = describeIntent(job.intent, { quality: job.qualityLevel })
    replace(
      jobBox,
      h(
        'div',
        { class: 'with-thumb' },
        thumbnail(jobThumbnailUrl(job)),
        h('a', { href: `#/jobs/${encodeURIComponent(job.id)}`, class: 'job-name' }, jobTitle(job)),
      ),
      understood ? h('p', { class: 'understood' }, understood) : null,
      h('p', { class: 'job-status', 'data-status': job.status, 'data-tone': jobTone(job.status) }, h('span', { class: 'status-dot' }), statusWords(job.status)),
      h(
        'div',
        { class: 'progress', role: 'progressbar', 'aria-label': 'Job progress', 'aria-valuemin': '0', 'aria-valuemax': '100', id: 'job-progress' },
        h('div', { class: 'progress-fill' }),
      ),
      h(
        'dl',
        { class: 'job-numbers' },
        h('div', {}, h('dt', { 'data-field': 'percent-label' }, 'Progress'), h('dd', { 'data-field': 'percent' })),
        h('div', {}, h('dt', {}, 'Layer'), h('dd', { 'data-field': 'layer' })),
        h('div', {}, h('dt', {}, 'Elapsed'), h('dd', { 'data-field': 'elapsed' })),
        h('div', {}, h('dt', { 'data-field': 'eta-label' }, 'Done at'), h('dd', { 'data-field': 'eta' })),
      ),
      job.errorMessage ? h('p', { class: 'error-text' }, job.errorMessage) : null,
      bedNote,
      h('div', { class: 'button-row' }, jobActions(ctx, job)),
    )
  }

  /** After a print the gateway starts nothing until someone says the bed is empty. */
  function bedClearNote() {
    return h(
      'div',
      { class: 'bed-note' },
      h('p', {}, 'Take the last print off the bed, then confirm so the next job can start.'),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'data-action': 'bed-cleared',
          onClick: (e) =>
            withBusy(e.currentTarget, async () => {
              await ctx.api.post('/api/printer/bed-cleared')
              await ctx.refreshAll()
            }),
        },
        'The bed is clear',
      ),
    )
  }

  function updateJobNumbers(job) {
    const printer = ctx.store.state.printer
    const progress = progressOf(job, printer)
    const bar = jobBox.querySelector('.progress')
    if (bar) {
      bar.hidden = progress.percent === null
      if (progress.percent !== null) {
        bar.setAttribute('aria-valuenow', String(Math.round(progress.percent)))
        bar.firstElementChild.style.width = `${progress.percent}%`
      }
    }
    const field = (name) => jobBox.querySelector(`[data-field="${name}"]`)
    if (!field('percent')) return
    setText(field('percent-label'), progress.mode === 'printing' ? 'Printed' : 'Progress')
    setText(field('percent'), progressWords(progress))
    setText(field('layer'), job.layer ? (job.layerCount ? `${job.layer} of ${job.layerCount}` : String(job.layer)) : '—')
    setText(field('elapsed'), formatDuration(printSeconds(job, printer)))
    const end = endOf(job)
    setText(field('eta-label'), end.label)
    setText(field('eta'), endWords(end))
    announce(job, progress.percent ?? 0)
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
      connectNote.dataset.key = ''
      renderSource()
      renderConnectNote()
      promptBanner.render()
      temps.render()
      renderJob()
      camera.enter()
      appKeys.enter()
      printers.enter()
      ticker = setInterval(() => {
        temps.tick()
        const job = ctx.store.currentJob()
        if (job) updateJobNumbers(job)
      }, 1000)
    },
    update(changes) {
      if (changes.has('source')) renderSource()
      if (changes.has('printer') || changes.has('live') || changes.has('source')) {
        temps.render()
        renderConnectNote()
        promptBanner.render()
      }
      if (changes.has('jobs') || changes.has('printer') || changes.has('source')) renderJob()
      printers.update(changes)
    },
    leave() {
      clearInterval(ticker)
      camera.leave()
      appKeys.leave()
      printers.leave()
    },
  }
}
