// printgate UI entry: loads state, keeps it live over the WebSocket, routes between views.

import * as api from './js/api.js'
import { watchDisk } from './js/disk-banner.js'
import { byId } from './js/dom.js'
import { showError, toast } from './js/feedback.js'
import { firstScreenShown } from './js/first-frame.js'
import { createLiveSocket } from './js/live.js'
import { createStore } from './js/store.js'
import { createSync } from './js/sync.js'
import { createTopbar } from './js/topbar.js'
import { createConsoleView } from './js/views/console.js'
import { createControlView } from './js/views/control.js'
import { createDashboardView } from './js/views/dashboard.js'
import { createJobDetailView } from './js/views/job-detail.js'
import { createJobsView } from './js/views/jobs.js'
import { createPairingView } from './js/views/pairing.js'
import { createPrintView } from './js/views/print.js'
import { createPrinterView } from './js/views/printer.js'
import { createSettingsView } from './js/views/settings.js'

const store = createStore()
const sync = createSync({ store, api, onError: showError })
const { refreshJob, refreshAll, refreshPrinters } = sync
const topbar = createTopbar({ store, api })
const ctx = { store, api, navigate, refreshJob, refreshAll, refreshPrinters }
// Views are built on first visit, so the first screen does not wait for the other six.
const viewFactories = {
  dashboard: createDashboardView,
  print: createPrintView,
  jobs: createJobsView,
  job: createJobDetailView,
  console: createConsoleView,
  control: createControlView,
  settings: createSettingsView,
  pairing: createPairingView,
  printer: createPrinterView,
}
const builtViews = new Map()
function viewFor(name) {
  if (!builtViews.has(name)) builtViews.set(name, viewFactories[name](ctx))
  return builtViews.get(name)
}
let current = null
let needsPairing = false
let routed = false

function navigate(hash) {
  if (location.hash === hash) route()
  else location.hash = hash
}

/** #/, #/print, #/jobs, #/jobs/<id>, #/printers/<id>, #/printers/<id>/control, #/printers/<id>/console, #/console, #/settings */
function parseRoute(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'jobs' && parts[1]) return { name: 'job', params: { id: parts[1] } }
  if (parts[0] === 'printers' && parts[1] && (parts[2] === 'control' || parts[2] === 'console')) return { name: parts[2], params: { printer: parts[1] } }
  if (parts[0] === 'printers' && parts[1]) return { name: 'printer', params: { id: parts[1] } }
  if (parts[0] && parts[0] in viewFactories && !['job', 'printer'].includes(parts[0])) return { name: parts[0], params: {} }
  return { name: 'dashboard', params: {} }
}

function route() {
  const { name, params } = needsPairing ? { name: 'pairing', params: {} } : parseRoute(location.hash)
  const view = viewFor(name)
  if (current && current !== view) current.leave?.()
  current = view
  const main = byId('main')
  main.replaceChildren(view.el)
  window.scrollTo(0, 0)
  // Screen readers start reading the new screen, not wherever the tapped link was.
  if (routed) main.focus({ preventScroll: true })
  routed = true
  document.body.dataset.view = name
  // A printer's own sheets belong to the printers, under the dashboard tab.
  const tab = name === 'job' ? 'jobs' : name === 'control' || name === 'printer' || params.printer ? 'dashboard' : name
  for (const link of document.querySelectorAll('.tabbar a')) {
    const active = link.dataset.route === tab
    if (active) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
  // On a printer's page and sheets the top bar (name, state, emergency stop) is that printer's.
  topbar.showPrinter(name === 'printer' ? params.id : (params.printer ?? null))
  view.enter?.(params)
}

store.subscribe((changes) => {
  // With two or more printers the tiles and printer pages take every printer's updates from the socket.
  if (changes.has('printers') && store.state.printers.size >= 2) live.subscribe('printers')
  topbar.render(changes)
  current?.update?.(changes)
})

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

// The first screen the gateway rendered reaches the screen before the views replace it.
await firstScreenShown()
window.addEventListener('hashchange', route)
sync.seedFromPage()
route()
refreshAll().catch(showError)
topbar.warnIfExternal()
watchDisk({ api })
const live = createLiveSocket({
  onMessage: sync.onLiveMessage,
  onState: topbar.liveState,
  onReconnect: () => refreshAll().catch(() => {}),
})

if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/sw.js').catch(() => {})
}
