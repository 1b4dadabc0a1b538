// One printer of several (#/printers/<id>): its state, current job with controls, temperatures with the chart, its Control sheet and
// console one tap away, camera and recent jobs; kept current by the socket.

import { h, replace, setText } from '../dom.js'
import { withBusy } from '../feedback.js'
import { isFinished, statusWords } from '../format.js'
import { loadTarget, printerTarget } from '../printer-target.js'
import { printerTile } from '../printers-card.js'
import { createTempsCard } from '../temps-card.js'

/** Read again only while the socket is down; otherwise the `printers` topic keeps the page current. */
const FALLBACK_POLL_MS = 5000

export function createPrinterView(ctx) {
  const title = h('h1', { class: 'page-title', id: 'printer-title' }, 'Printer')
  const tileBox = h('div', { class: 'printer-tiles single' })
  let target = printerTarget(ctx.store)
  const temps = createTempsCard(ctx, { target: () => target })
  const controls = h('div', { class: 'button-row', id: 'printer-controls' })
  const consoleLink = h('a', { href: '#/console', class: 'button secondary', 'data-action': 'open-console' }, 'Console')
  const camera = h('section', { class: 'card camera', 'aria-label': 'Camera', hidden: true })
  const jobsList = h('ul', { class: 'printer-jobs', id: 'printer-jobs' })
  const el = h(
    'div',
    { class: 'view printer-page' },
    title,
    h('section', { class: 'card', 'aria-label': 'State' }, tileBox, controls, h('div', { class: 'button-row' }, consoleLink)),
    temps.el,
    camera,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'printer-jobs-title' },
      h('h2', { id: 'printer-jobs-title', class: 'card-title' }, 'Jobs on this printer'),
      jobsList,
    ),
  )
  let id = null
  let timer = null
  let ticker = null
  let controlsKey = ''
  let jobs = []
  let jobsKey = null

  const act = (path) => (e) =>
    withBusy(e.currentTarget, async () => {
      const printer = await ctx.api.post(`/api/printers/${encodeURIComponent(id)}/${path}`)
      if (printer?.id) ctx.store.updatePrinterEntry(printer)
      await loadJobs()
    })

  function renderControls(printer) {
    const key = `${printer.state}|${printer.active_job_id}|${printer.bed_clear}`
    if (key === controlsKey) return
    controlsKey = key
    const buttons = []
    if (['disconnected', 'error'].includes(printer.state))
      buttons.push(h('button', { type: 'button', class: 'primary', 'data-action': 'connect', onClick: act('connect') }, 'Connect'))
    if (printer.state === 'printing') buttons.push(h('button', { type: 'button', class: 'secondary', 'data-action': 'pause', onClick: act('pause') }, 'Pause'))
    if (printer.state === 'paused') buttons.push(h('button', { type: 'button', class: 'primary', 'data-action': 'resume', onClick: act('resume') }, 'Resume'))
    if (printer.active_job_id) buttons.push(h('button', { type: 'button', class: 'danger', 'data-action': 'cancel', onClick: act('cancel') }, 'Cancel print'))
    if (printer.bed_clear === false && printer.auto_start !== true && printer.state === 'operational') {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'data-action': 'bed-cleared', onClick: act('bed-cleared') }, 'The bed is clear'))
    }
    replace(controls, ...buttons)
  }

  /** The running job's figure is the printer's own (live over the socket); the others' as listed. */
  const percentOf = (job, printer) =>
    job.job_id === printer.active_job_id && Number.isFinite(printer.job?.percent) ? printer.job.percent : job.progress_percentage

  function render(printer) {
    setText(title, printer.name)
    document.title = `${printer.name} · printgate`
    replace(tileBox, printerTile(printer))
    temps.render()
    renderControls(printer)
    camera.hidden = !printer.camera
    if (printer.camera && !camera.firstElementChild) {
      camera.append(h('img', { class: 'camera-picture', alt: `Live picture of ${printer.name}`, src: `${printer.camera.stream_url}&t=${Date.now()}` }))
    }
    replace(
      jobsList,
      ...(jobs.length
        ? jobs.map((job) =>
            h(
              'li',
              { 'data-job': job.job_id, 'data-status': job.status },
              h('a', { href: `#/jobs/${encodeURIComponent(job.job_id)}` }, job.user_request ?? job.job_id),
              ' — ',
              statusWords(job.status),
              isFinished(job.status) ? null : ` (${Math.round(percentOf(job, printer))} %)`,
            ),
          )
        : [h('li', { class: 'muted' }, 'No jobs yet.')]),
    )
  }

  /** This printer's jobs: read on entering and when its state or job changes (the socket says so). */
  async function loadJobs() {
    const current = id
    const list = await ctx.api.get(`/api/printers/${encodeURIComponent(current)}/jobs?limit=10`).catch(() => null)
    if (current !== id || !Array.isArray(list)) return
    jobs = list
    show()
  }

  function show() {
    const printer = ctx.store.state.printers.get(id)
    temps.el.hidden = !printer
    consoleLink.hidden = !printer
    if (!printer) {
      // The list is loaded: this id is not in it.
      if (ctx.store.state.printers.size > 0) {
        setText(title, 'No such printer')
        replace(tileBox, h('p', { class: 'error-text' }, `This gateway has no printer "${id}".`))
      }
      return
    }
    const key = `${printer.state}|${printer.active_job_id}`
    if (jobsKey !== null && key !== jobsKey) void loadJobs()
    jobsKey = key
    render(printer)
  }

  async function fallback() {
    if (ctx.store.state.live !== 'live') await Promise.all([ctx.refreshPrinters(), loadJobs()])
  }

  function loop() {
    timer = setTimeout(() => fallback().finally(() => timer !== null && loop()), FALLBACK_POLL_MS)
  }

  return {
    el,
    enter(params) {
      id = params.id
      target = printerTarget(ctx.store, id)
      consoleLink.setAttribute('href', target.href('console'))
      temps.render({ now: true })
      clearInterval(ticker)
      ticker = setInterval(temps.tick, 1000)
      controlsKey = ''
      jobs = []
      jobsKey = null
      camera.replaceChildren()
      clearTimeout(timer)
      timer = 0
      show()
      const shown = id
      loadTarget(ctx, target)
        .then(() => {
          if (shown !== id) return
          temps.render({ now: true })
          return ctx.store.state.printers.has(id) ? loadJobs() : show()
        })
        .finally(() => timer !== null && loop())
    },
    update(changes) {
      if (id && changes.has('printers')) show()
    },
    leave() {
      clearTimeout(timer)
      clearInterval(ticker)
      timer = null
      camera.replaceChildren()
    },
  }
}
