// The always-visible chrome: printer name and state, live indicator and note, emergency stop, banners, tab title. On one printer's
// page and sheets of several, the name, state and emergency stop are that printer's.

import { byId, setText } from './dom.js'
import { banner, showError } from './feedback.js'
import { printerWords } from './format.js'
import { titleFor } from './job-words.js'
import { printerTarget } from './printer-target.js'

const OFFLINE_GRACE_MS = 3000

export function createTopbar({ store, api }) {
  let bannerFromPrinter = false
  let offlineSince = null
  let liveNoteTimer = null
  let nextRetryAt = null
  let target = printerTarget(store)

  /** The printer the screen shows: an id of one of several printers, or null for the main one. */
  function showPrinter(id) {
    if (id === target.id) return
    target = printerTarget(store, id)
    renderState()
  }

  function render(changes) {
    if (target.changedIn(changes) || changes.has('live')) renderState()
    if (changes.has('jobs') || changes.has('printer')) renderDocumentTitle()
  }

  function renderState() {
    const printer = target.printer()
    const state = printer?.state ?? 'unknown'
    const pill = byId('printer-state')
    pill.dataset.state = state
    setText(pill, printerWords(state))
    setText(byId('printer-name'), target.name() ?? printer?.name ?? 'printgate')
    setText(byId('estop-hint'), `Emergency stop: halts ${target.name() ?? 'the printer'} at once, heaters and motors off`)
    const dot = byId('live-indicator')
    dot.dataset.live = store.state.live
    dot.setAttribute('aria-label', `Live updates: ${store.state.live === 'live' ? 'connected' : store.state.live}`)
    if (state === 'error') {
      banner(`Printer error: ${printer?.reason ?? 'it stopped and needs attention'}. Reconnect it ${reconnectWhere()} when it is safe.`)
      bannerFromPrinter = true
    } else if (bannerFromPrinter && ['operational', 'printing', 'paused'].includes(state)) {
      banner(null)
      bannerFromPrinter = false
    }
  }

  /** The tab or app switcher shows how far the print is without opening the page. */
  function renderDocumentTitle() {
    const title = titleFor(store.currentJob(), store.state.printer)
    if (document.title !== title) document.title = title
  }

  /** After a few seconds without the live socket, say so: the numbers on screen may be stale. */
  function liveState(state, retryMs) {
    store.setLive(state)
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
    const show = () => {
      const wait = nextRetryAt ? Math.max(0, Math.ceil((nextRetryAt - Date.now()) / 1000)) : 0
      setText(note, `Live updates lost; reconnecting${wait > 0 ? ` in ${wait} s` : ''}. The numbers shown may be out of date.`)
      note.hidden = false
    }
    if (!note.hidden) show()
    else if (!liveNoteTimer) liveNoteTimer = setTimeout(() => offlineSince !== null && show(), Math.max(0, offlineSince + OFFLINE_GRACE_MS - Date.now()))
  }

  const reconnectWhere = () => (target.main ? 'under Setup' : 'with Connect on its page')

  /** One tap, no confirmation: M112 at once, to the printer shown. */
  async function emergencyStop(event) {
    const button = event.currentTarget
    button.disabled = true
    try {
      await api.post(target.path('emergency-stop'))
      banner(`Emergency stop sent: ${target.name() ?? 'the printer'} is halted. Reconnect it ${reconnectWhere()} when it is safe.`)
      bannerFromPrinter = true
    } catch (error) {
      showError(error)
    } finally {
      button.disabled = false
    }
  }

  /** The gateway tells a browser that reaches it from outside the LAN; say so plainly. */
  async function warnIfExternal() {
    const status = await api.get('/api/auth/status').catch(() => null)
    if (status?.external) banner('You are reaching the printer from outside your local network. Use a VPN instead of opening ports to the internet.')
  }

  byId('estop').addEventListener('click', emergencyStop)
  return { render, liveState, warnIfExternal, showPrinter }
}
