// The temperatures card of a printer (the main one unless told): now and target, greyed with "last reading hh:mm" once a reading
// is older than its refresh, and the chart.

import { temperatureChart } from './chart.js'
import { h, replace, setText } from './dom.js'
import { formatClock, formatTarget, formatTemp } from './format.js'
import { printerTarget } from './printer-target.js'

/** The printer reports every 2 s; a reading older than 5 s (one report missed and then some) is no longer live. */
export const READING_FRESH_MS = 5000
const CONNECTED = new Set(['operational', 'printing', 'paused'])

/** Whether the temperatures on screen are live, and when they were read. */
export function readingState(state, now = Date.now()) {
  const at = state.readingAt
  const connected = CONNECTED.has(state.printer?.state)
  const stale = at === null || now - at > READING_FRESH_MS || !connected || state.source !== 'gateway'
  return { stale, connected, at: at === null ? null : new Date(at) }
}

/** `target` says which printer (printer-target.js) the card shows at the moment; the main one by default. */
export function createTempsCard(ctx, { chartTitle = 'Last 30 minutes', target = null } = {}) {
  const mainTarget = printerTarget(ctx.store)
  const current = () => target?.() ?? mainTarget
  const toolNow = h('span', { class: 'temp-now', id: 'tool-temp' })
  const toolTarget = h('span', { class: 'temp-target', id: 'tool-target' })
  const bedNow = h('span', { class: 'temp-now', id: 'bed-temp' })
  const bedTarget = h('span', { class: 'temp-target', id: 'bed-target' })
  const controlLink = h('a', { href: '#/control', class: 'button secondary small-button', 'data-action': 'open-control' }, 'Control')
  const age = h('p', { class: 'reading-age small', id: 'reading-age', hidden: true })
  const chartBox = h('div', { class: 'chart-box' })
  const el = h(
    'section',
    { class: 'card temps', 'aria-labelledby': 'temps-title' },
    h('div', { class: 'row-between' }, h('h2', { id: 'temps-title', class: 'card-title' }, 'Temperatures'), controlLink),
    h(
      'div',
      { class: 'temp-row', id: 'temp-row' },
      h('div', { class: 'temp-tile tool' }, h('span', { class: 'temp-label' }, 'Hot-end'), toolNow, toolTarget),
      h('div', { class: 'temp-tile bed' }, h('span', { class: 'temp-label' }, 'Bed'), bedNow, bedTarget),
    ),
    age,
    chartBox,
  )
  let lastChart = 0

  /** Numbers and their freshness; cheap, so it runs every second. */
  function renderNumbers() {
    const printer = current()
    const t = printer.printer()?.temperatures
    const tool = t?.tools?.[0]
    const reading = readingState(printer.reading())
    controlLink.setAttribute('href', printer.href('control'))
    setText(toolNow, formatTemp(tool?.actual))
    setText(bedNow, formatTemp(t?.bed?.actual))
    // A target is only known while the printer is connected; after a stop or a lost link it is not.
    setText(toolTarget, reading.connected ? formatTarget(tool?.target) : 'target unknown')
    setText(bedTarget, reading.connected ? formatTarget(t?.bed?.target) : 'target unknown')
    el.querySelector('.temp-row').dataset.stale = String(reading.stale && Boolean(t))
    age.hidden = !(reading.stale && t)
    setText(age, reading.at ? `Not live: last reading ${formatClock(reading.at)}` : 'Not live: no reading yet')
  }

  function renderChart() {
    const history = current().history()
    lastChart = Date.now()
    replace(
      chartBox,
      history.length < 2
        ? h('p', { class: 'muted small chart-empty' }, 'The chart fills in as readings arrive.')
        : [temperatureChart(history), h('p', { class: 'muted small chart-caption' }, `${chartTitle}; dashed lines are targets`)],
    )
  }

  return {
    el,
    /** `now`: redraw the chart at once (another printer shown, its history just read). */
    render({ now = false } = {}) {
      renderNumbers()
      // The chart is redrawn at most every 2 s: a reading arrives that often.
      if (now || Date.now() - lastChart > 2000 || chartBox.childElementCount === 0) renderChart()
    },
    tick: renderNumbers,
  }
}
