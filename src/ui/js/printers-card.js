// The gateway's printers as tiles (state, temperatures, progress, camera picture; updated over the socket) and the other gateways on the broker.

import { h, replace } from './dom.js'
import { formatTemp, printerWords } from './format.js'

/** The fleet (and, while the socket is down, the printers) are read this often. */
const POLL_MS = 10_000
const CAMERA_EVERY_MS = 10_000

/** Progress of a tile: the printer's own job figure (bytes confirmed), null when nothing prints. */
function percentOf(printer) {
  const job = printer.job
  return job && Number.isFinite(job.percent) ? Math.max(0, Math.min(100, job.percent)) : null
}

export function printerTile(printer, { withCamera = false, cameraTick = 0 } = {}) {
  const tool = printer.temperatures?.tools?.[0]
  const bed = printer.temperatures?.bed
  const percent = percentOf(printer)
  const bar = h(
    'div',
    {
      class: 'progress',
      role: 'progressbar',
      'aria-label': `${printer.name} progress`,
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      hidden: percent === null,
    },
    h('div', { class: 'progress-fill' }),
  )
  if (percent !== null) {
    bar.setAttribute('aria-valuenow', String(Math.round(percent)))
    bar.firstElementChild.style.width = `${percent}%`
  }
  const picture =
    withCamera && printer.camera
      ? h('img', { class: 'tile-camera', alt: `Camera of ${printer.name}`, src: `${printer.camera.snapshot_url}&t=${cameraTick}` })
      : null
  return h(
    'a',
    { class: 'printer-tile', href: `#/printers/${encodeURIComponent(printer.id)}`, 'data-printer': printer.id, 'data-state': printer.state },
    picture,
    h('span', { class: 'tile-name' }, printer.name),
    h('span', { class: 'tile-state' }, printerWords(printer.state)),
    h('span', { class: 'tile-temps' }, `Hotend ${formatTemp(tool?.actual)} · Bed ${formatTemp(bed?.actual)}`),
    bar,
    percent === null ? null : h('span', { class: 'tile-percent' }, `${Math.round(percent)} %`),
  )
}

function fleetItem(gateway) {
  const printers = gateway.printers.map((p) => `${p.name}: ${printerWords(p.state)}`).join(', ') || 'no printers'
  const name = gateway.url ? h('a', { href: gateway.url, rel: 'noopener' }, gateway.name) : h('span', {}, gateway.name)
  return h('li', { 'data-gateway': gateway.id, 'data-online': String(gateway.online) }, name, ' — ', gateway.online ? printers : 'offline')
}

/** The dashboard's "Printers" card (shown with two or more printers) and "Other gateways" card (shown when the broker has any). */
export function createPrintersCard(ctx) {
  const tiles = h('div', { class: 'printer-tiles' })
  const fleetList = h('ul', { class: 'fleet-list' })
  const printersEl = h(
    'section',
    { class: 'card printers', 'aria-labelledby': 'printers-title', hidden: true },
    h('h2', { id: 'printers-title', class: 'card-title' }, 'Printers'),
    tiles,
  )
  const fleetEl = h(
    'section',
    { class: 'card fleet', 'aria-labelledby': 'fleet-title', hidden: true },
    h('h2', { id: 'fleet-title', class: 'card-title' }, 'Other gateways'),
    fleetList,
  )
  let timer = null
  let mqtt = true

  function renderTiles() {
    const printers = [...ctx.store.state.printers.values()]
    printersEl.hidden = printers.length < 2
    // A new camera picture every CAMERA_EVERY_MS, not with every temperature update.
    const cameraTick = Math.floor(Date.now() / CAMERA_EVERY_MS)
    if (printers.length >= 2) replace(tiles, ...printers.map((p) => printerTile(p, { withCamera: true, cameraTick })))
  }

  async function loadFleet() {
    const body = await ctx.api.get('/api/fleet').catch(() => null)
    if (!body) return
    // Without MQTT there is no fleet to wait for: ask no more.
    mqtt = body.mqtt !== false
    const others = (body.gateways ?? []).filter((g) => !g.self)
    fleetEl.hidden = others.length === 0
    replace(fleetList, ...others.map(fleetItem))
  }

  /** Printers come over the socket; the list is read again only while the socket is down. The fleet has no topic: polled while MQTT is on. */
  async function tick() {
    const live = ctx.store.state.live === 'live'
    await Promise.all([live ? null : ctx.refreshPrinters(), mqtt ? loadFleet() : null])
    if (ctx.store.state.printers.size >= 2) renderTiles()
  }

  function loop() {
    timer = setTimeout(() => tick().finally(() => timer !== null && loop()), POLL_MS)
  }

  return {
    el: h('div', { class: 'printers-fleet' }, printersEl, fleetEl),
    enter() {
      if (timer !== null) return
      timer = 0
      renderTiles()
      Promise.all([ctx.refreshPrinters(), loadFleet()]).finally(loop)
    },
    update(changes) {
      if (changes.has('printers')) renderTiles()
    },
    leave() {
      clearTimeout(timer)
      timer = null
    },
  }
}
