// The dashboard's first state as HTML: the gateway renders it into index.html, so the first useful paint needs no script.

import { formatTarget, formatTemp, printerWords } from './format.js'
import { formatPercent } from './job-words.js'
import { readingState } from './temps-card.js'

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c])

/** The printer view (GET /api/printer/status) as JSON that is safe inside a <script type="application/json">. */
export const seedJson = (printer) =>
  JSON.stringify(printer)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')

/** The printer's own figure while it prints or is paused, else null. */
function printingPercent(printer) {
  const percent = printer?.job?.percent
  return ['printing', 'paused'].includes(printer?.state) && Number.isFinite(percent) ? Math.max(0, Math.min(100, percent)) : null
}

const tempTile = (kind, label, id, reading, connected) =>
  `<div class="temp-tile ${kind}"><span class="temp-label">${label}</span>` +
  `<span class="temp-now" id="${id}-temp" elementtiming="first-${id}-temp">${escapeHtml(formatTemp(reading?.actual))}</span>` +
  `<span class="temp-target" id="${id}-target">${escapeHtml(connected ? formatTarget(reading?.target) : 'target unknown')}</span></div>`

/**
 * What index.html shows before app.js runs: the state pill, the tab title and <main>'s first screen
 * (temperatures, and the printer's progress while it prints). Every value is escaped.
 */
export function firstScreen(printer, now = Date.now()) {
  const state = typeof printer?.state === 'string' ? printer.state : 'unknown'
  const age = Number.isFinite(printer?.temperatures_age_ms) ? printer.temperatures_age_ms : null
  const reading = readingState({ printer, readingAt: age === null ? null : now - age, source: 'gateway' }, now)
  const temps = printer?.temperatures ?? null
  const percent = printingPercent(printer)
  const job =
    percent === null
      ? ''
      : `<section class="card job" aria-labelledby="job-title"><h2 id="job-title" class="card-title">Current job</h2>` +
        `<p class="job-status">${escapeHtml(printerWords(state))}: <span id="first-percent">${escapeHtml(formatPercent(percent))}</span></p>` +
        `<progress max="100" value="${percent.toFixed(1)}" aria-label="Print progress"></progress></section>`
  const main =
    `<div class="view dashboard first-screen"><h1 class="visually-hidden">Printer</h1>` +
    `<section class="card temps" aria-labelledby="temps-title"><h2 id="temps-title" class="card-title">Temperatures</h2>` +
    `<div class="temp-row" id="temp-row" data-stale="${reading.stale && Boolean(temps)}">` +
    tempTile('tool', 'Hot-end', 'tool', temps?.tools?.[0], reading.connected) +
    tempTile('bed', 'Bed', 'bed', temps?.bed, reading.connected) +
    `</div></section>${job}</div>`
  const title = percent === null ? 'printgate' : `${formatPercent(percent)} ${state === 'paused' ? 'paused' : 'printing'} · printgate`
  return {
    state: escapeHtml(state),
    stateWords: escapeHtml(printerWords(state)),
    title: escapeHtml(title),
    main,
    seed: seedJson(printer),
  }
}
