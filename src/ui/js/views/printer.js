// One printer of several (#/printers/<id>): its state, temperatures, current job with controls, camera and recent jobs; kept current by the socket.

import { h, replace, setText } from '../dom.js'
import { withBusy } from '../feedback.js'
import { formatTemp, formatTarget, isFinished, printerWords, statusWords } from '../format.js'
import { printerTile } from '../printers-card.js'

/** Read again only while the socket is down; otherwise the `printers` topic keeps the page current. */
const FALLBACK_POLL_MS = 5000

export function createPrinterView(ctx) {
  const title = h('h1', { class: 'page-title', id: 'printer-title' }, 'Printer')
  const tileBox = h('div', { class: 'printer-tiles single' })
  const temps = h('dl', { class: 'job-numbers', id: 'printer-temps' })
  const controls = h('div', { class: 'button-row', id: 'printer-controls' })
  const camera = h('section', { class: 'card camera', 'aria-label': 'Camera', hidden: true })
  const jobsList = h('ul', { class: 'printer-jobs', id: 'printer-jobs' })
  const el = h(
    'div',
    { class: 'view printer-page' },
    title,
    h('section', { class: 'card', 'aria-label': 'State' }, tileBox, temps, controls),
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
    const tool = printer.temperatures?.tools?.[0]
    const bed = printer.temperatures?.bed
    replace(
      temps,
      h('div', {}, h('dt', {}, 'Hotend'), h('dd', { 'data-field': 'hotend' }, `${formatTemp(tool?.actual)} / ${formatTarget(tool?.target)}`)),
      h('div', {}, h('dt', {}, 'Bed'), h('dd', { 'data-field': 'bed' }, `${formatTemp(bed?.actual)} / ${formatTarget(bed?.target)}`)),
      h('div', {}, h('dt', {}, 'State'), h('dd', { 'data-field': 'state' }, printerWords(printer.state))),
    )
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
      controlsKey = ''
      jobs = []
      jobsKey = null
      camera.replaceChildren()
      clearTimeout(timer)
      timer = 0
      show()
      ctx
        .refreshPrinters()
        .then(() => (ctx.store.state.printers.has(id) ? loadJobs() : show()))
        .finally(() => timer !== null && loop())
    },
    update(changes) {
      if (id && changes.has('printers')) show()
    },
    leave() {
      clearTimeout(timer)
      timer = null
      camera.replaceChildren()
    },
  }
}
