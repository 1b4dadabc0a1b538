// printgate UI entry: loads state, keeps it live over the WebSocket, routes between views.

import * as api from './js/api.js'
import { byId, setText } from './js/dom.js'
import { banner, showError, toast } from './js/feedback.js'
import { printerWords } from './js/format.js'
import { createLiveSocket } from './js/live.js'
import { createStore } from './js/store.js'
import { createConsoleView } from './js/views/console.js'
import { createDashboardView } from './js/views/dashboard.js'
import { createJobDetailView } from './js/views/job-detail.js'
import { createJobsView } from './js/views/jobs.js'
import { createPairingView } from './js/views/pairing.js'
import { createPrintView } from './js/views/print.js'
import { createSettingsView } from './js/views/settings.js'

const store = createStore()
const ctx = { store, api, navigate, refreshJob, refreshAll }
const views = {
  dashboard: createDashboardView(ctx),
  print: createPrintView(ctx),
  jobs: createJobsView(ctx),
  job: createJobDetailView(ctx),
  console: createConsoleView(ctx),
  settings: createSettingsView(ctx),
  pairing: createPairingView(ctx),
}
let current = null
let needsPairing = false
let routed = false

function navigate(hash) {
  if (location.hash === hash) route()
  else location.hash = hash
}

/** #/, #/print, #/jobs, #/jobs/<id>, #/console, #/settings */
function parseRoute(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'jobs' && parts[1]) return { name: 'job', params: { id: parts[1] } }
  if (parts[0] && parts[0] in views && parts[0] !== 'job') return { name: parts[0], params: {} }
  return { name: 'dashboard', params: {} }
}

function route() {
  const { name, params } = needsPairing ? { name: 'pairing', params: {} } : parseRoute(location.hash)
  const view = views[name]
  if (current && current !== view) current.leave?.()
  current = view
  const main = byId('main')
  main.replaceChildren(view.el)
  window.scrollTo(0, 0)
  // Screen readers start reading the new screen, not wherever the tapped link was.
  if (routed) main.focus({ preventScroll: true })
  routed = true
  document.body.dataset.view = name
  for (const link of document.querySelectorAll('.tabbar a')) {
    const active = link.dataset.route === name || (name === 'job' && link.dataset.route === 'jobs')
    if (active) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  view.enter?.(params)
}

store.subscribe((changes) => {
  if (changes.has('printer') || changes.has('live')) renderTopbar()
  if (changes.has('jobs')) renderDocumentTitle()
  current?.update?.(changes)
})

/** The tab or app switcher shows how far the print is without opening the page. */
function renderDocumentTitle() {
  const job = store.currentJob()
  const active = job && (job.status === 'printing_phase' || job.status === 'paused')
  const title = active ? `${Math.round(job.progress ?? 0)}% ${job.status === 'paused' ? 'paused' : 'printing'} · printgate` : 'printgate'
  if (document.title !== title) document.title = title
}

function renderTopbar() {
  const printer = store.state.printer
  const state = printer?.state ?? 'unknown'
  const pill = byId('printer-state')
  pill.dataset.state = state
  setText(pill, printerWords(state))
  setText(byId('printer-name'), printer?.name ?? printer?.firmware?.machineType ?? 'printgate')
  const dot = byId('live-indicator')
  dot.dataset.live = store.state.live
  dot.setAttribute('aria-label', `Live updates: ${store.state.live === 'live' ? 'connected' : store.state.live}`)
  if (state === 'error') {
    banner(`Printer error: ${printer?.reason ?? 'it stopped and needs attention'}. Reconnect it under Setup when it is safe.`)
    bannerFromPrinter = true
  } else if (bannerFromPrinter && ['operational', 'printing', 'paused'].includes(state)) {
    banner(null)
    bannerFromPrinter = false
  }
}
let bannerFromPrinter = false

const jobFetches = new Map()

/** Fetches one job's full status (steps, layer, ETA, outputs) into the store. */
async function refreshJob(id) {
  if (jobFetches.has(id)) return jobFetches.get(id)
  const fetching = api
    .get(`/api/status/${encodeURIComponent(id)}`)
    .then((data) => {
      const job = store.upsertJob(data)
      if (job && !job.intent && typeof data?.output_files?.intent === 'string') loadIntent(id, data.output_files.intent)
      return job
    })
    .finally(() => jobFetches.delete(id))
  jobFetches.set(id, fetching)
  return fetching
}

const intentsLoaded = new Set()

/** Reads the intent the planner wrote, so the UI can say what it understood. */
function loadIntent(id, url) {
  if (intentsLoaded.has(id)) return
  intentsLoaded.add(id)
  api.get(url).then((intent) => {
    if (intent && typeof intent === 'object') store.upsertJob({ job_id: id, intent })
  }).catch(() => intentsLoaded.delete(id))
}

async function refreshAll() {
  const [printer, jobs] = await Promise.allSettled([api.get('/api/printer'), api.get('/api/workflows?limit=20')])
  if (printer.status === 'fulfilled' && printer.value) store.setPrinter(printer.value)
  if (jobs.status === 'fulfilled' && Array.isArray(jobs.value)) for (const job of jobs.value) store.upsertJob(job)
  const active = store.currentJob()
  if (active) await refreshJob(active.id).catch(() => {})
  const failure = [printer, jobs].find((r) => r.status === 'rejected')
  if (failure && failure.reason?.status !== 401) showError(failure.reason)
}

function onLiveMessage(msg) {
  if (msg.type === 'printer_update') {
    const { type: _type, ...printer } = msg
    store.setPrinter(printer)
  } else if (msg.type === 'status_update' || msg.type === 'progress_update') {
    const id = String(msg.job_id ?? msg.workflow_id ?? '')
    if (!id) return
    const before = store.state.jobs.get(id)
    store.upsertJob(msg)
    const statusChanged = !before || before.status !== msg.status
    if (statusChanged || !before?.steps) refreshJob(id).catch(() => {})
  } else if (msg.type === 'snapshot') {
    if (msg.printer) store.setPrinter(msg.printer)
    for (const job of msg.jobs ?? []) store.upsertJob(job)
  }
}

/** The gateway tells a browser that reaches it from outside the LAN; say so plainly. */
async function warnIfExternal() {
  const status = await api.get('/api/auth/status').catch(() => null)
  if (status?.external) banner('You are reaching the printer from outside your local network. Use a VPN instead of opening ports to the internet.')
}

let offlineSince = null
let liveNoteTimer = null
let nextRetryAt = null

/** After a few seconds without the live socket, say so: the numbers on screen may be stale. */
function showLiveNote(state, retryMs) {
  const note = byId('live-note')
  if (state === 'live') {
    offlineSince = null
    clearTimeout(liveNoteTimer)
    liveNoteTimer = null
    note.hidden = true
    return
  }
  if (state !== 'offline') return
  offlineSince ??= Date.now()
  nextRetryAt = retryMs ? Date.now() + retryMs : null
  const render = () => {
    const wait = nextRetryAt ? Math.max(0, Math.ceil((nextRetryAt - Date.now()) / 1000)) : 0
    setText(note, `Live updates lost; reconnecting${wait > 0 ? ` in ${wait} s` : ''}. The numbers shown may be out of date.`)
    note.hidden = false
  }
  if (!note.hidden) render()
  else if (!liveNoteTimer) liveNoteTimer = setTimeout(() => offlineSince !== null && render(), Math.max(0, offlineSince + 3000 - Date.now()))
}

async function emergencyStop(event) {
  const button = event.currentTarget
  button.disabled = true
  try {
    await api.post('/api/printer/emergency-stop')
    banner('Emergency stop sent: the printer is halted. Reconnect it under Setup when it is safe.')
    bannerFromPrinter = true
  } catch (error) {
    showError(error)
  } finally {
    button.disabled = false
  }
}

api.onUnauthorized(() => {
  if (needsPairing) return
  needsPairing = true
  document.body.dataset.auth = 'needed'
  route()
})

/** Called by the pairing view once the gateway accepted this device. */
ctx.paired = async () => {
  needsPairing = false
  delete document.body.dataset.auth
  toast('Paired. This phone can now control the printer.')
  live.nudge()
  await refreshAll()
  navigate('#/')
}

byId('estop').addEventListener('click', emergencyStop)
window.addEventListener('hashchange', route)
route()
refreshAll().catch(showError)
warnIfExternal()
const live = createLiveSocket({
  onMessage: onLiveMessage,
  onState: (state, retryMs) => {
    store.setLive(state)
    showLiveNote(state, retryMs)
  },
  onReconnect: () => refreshAll().catch(() => {}),
})

if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/sw.js').catch(() => {})
}
