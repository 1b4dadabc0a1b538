// One printer of several (#/printers/<id>): its state, temperatures, current job with controls, camera and recent jobs.

import { h, replace, setText } from '../dom.js'
import { withBusy } from '../feedback.js'
import { formatTemp, formatTarget, isFinished, printerWords, statusWords } from '../format.js'
import { printerTile } from '../printers-card.js'

const POLL_MS = 2000

export function createPrinterView(ctx) {
  const title = h('h1', { class: 'page-title', id: 'printer-title' }, 'Printer')
  const tileBox = h('div', { class: 'printer-tiles single' })
  const temps = h('dl', { class: 'job-numbers', id: 'printer-temps' })
  const controls = h('div', { class: 'button-row', id: 'printer-controls' })
  const camera = h('section', { class: 'card camera', 'aria-label': 'Camera', hidden: true })
  const jobsList = h('ul', { class: 'printer-jobs', id: 'printer-jobs' })
  const el = h('div', { class: 'view printer-page' },
    title,
    h('section', { class: 'card', 'aria-label': 'State' }, tileBox, temps, controls),
    camera,
    h('section', { class: 'card', 'aria-labelledby': 'printer-jobs-title' }, h('h2', { id: 'printer-jobs-title', class: 'card-title' }, 'Jobs on this printer'), jobsList))
  let id = null
  let timer = null
  let controlsKey = ''

  const act = (path) => (e) => withBusy(e.currentTarget, async () => {
    await ctx.api.post(`/api/printers/${encodeURIComponent(id)}/${path}`)
    await poll()
  })

  function renderControls(printer) {
    const key = `${printer.state}|${printer.active_job_id}|${printer.bed_clear}`
    if (key === controlsKey) return
    controlsKey = key
    const buttons = []
    if (['disconnected', 'error'].includes(printer.state)) buttons.push(h('button', { type: 'button', class: 'primary', 'data-action': 'connect', onClick: act('connect') }, 'Connect'))
    if (printer.state === 'printing') buttons.push(h('button', { type: 'button', class: 'secondary', 'data-action': 'pause', onClick: act('pause') }, 'Pause'))
    if (printer.state === 'paused') buttons.push(h('button', { type: 'button', class: 'primary', 'data-action': 'resume', onClick: act('resume') }, 'Resume'))
    if (printer.active_job_id) buttons.push(h('button', { type: 'button', class: 'danger', 'data-action': 'cancel', onClick: act('cancel') }, 'Cancel print'))
    if (printer.bed_clear === false && printer.auto_start !== true && printer.state === 'operational') {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'data-action': 'bed-cleared', onClick: act('bed-cleared') }, 'The bed is clear'))
    }
    replace(controls, ...buttons)
  }

  function render(printer, jobs) {
    setText(title, printer.name)
    document.title = `${printer.name} · printgate`
    replace(tileBox, printerTile(printer))
    const tool = printer.temperatures?.tools?.[0]
    const bed = printer.temperatures?.bed
    replace(temps,
      h('div', {}, h('dt', {}, 'Hotend'), h('dd', { 'data-field': 'hotend' }, `${formatTemp(tool?.actual)} / ${formatTarget(tool?.target)}`)),
      h('div', {}, h('dt', {}, 'Bed'), h('dd', { 'data-field': 'bed' }, `${formatTemp(bed?.actual)} / ${formatTarget(bed?.target)}`)),
      h('div', {}, h('dt', {}, 'State'), h('dd', { 'data-field': 'state' }, printerWords(printer.state))))
    renderControls(printer)
    camera.hidden = !printer.camera
    if (printer.camera && !camera.firstElementChild) {
      camera.append(h('img', { class: 'camera-picture', alt: `Live picture of ${printer.name}`, src: `${printer.camera.stream_url}&t=${Date.now()}` }))
    }
    replace(jobsList, ...(jobs.length ? jobs.map((job) => h('li', { 'data-job': job.job_id, 'data-status': job.status },
      h('a', { href: `#/jobs/${encodeURIComponent(job.job_id)}` }, job.user_request ?? job.job_id), ' — ', statusWords(job.status),
      isFinished(job.status) ? null : ` (${Math.round(job.progress_percentage)} %)`)) : [h('li', { class: 'muted' }, 'No jobs yet.')]))
  }

  async function poll() {
    if (!id) return
    const current = id
    try {
      const [printer, jobs] = await Promise.all([ctx.api.get(`/api/printers/${encodeURIComponent(current)}`), ctx.api.get(`/api/printers/${encodeURIComponent(current)}/jobs?limit=10`)])
      if (current === id) render(printer, jobs)
    } catch (error) {
      if (current !== id) return
      setText(title, error?.status === 404 ? 'No such printer' : 'Printer')
      replace(tileBox, h('p', { class: 'error-text' }, error?.message ?? String(error)))
    }
  }

  function loop() {
    timer = setTimeout(() => poll().finally(() => timer !== null && loop()), POLL_MS)
  }

  return {
    el,
    enter(params) {
      id = params.id
      controlsKey = ''
      camera.replaceChildren()
      clearTimeout(timer)
      timer = 0
      poll().finally(loop)
    },
    leave() {
      clearTimeout(timer)
      timer = null
      camera.replaceChildren()
    },
  }
}
