// Console of the main printer (#/console) or one of several (#/printers/<id>/console): what the printer said lately, send a
// G-code line and read its replies; quick buttons for common queries.

import { h, setText } from '../dom.js'
import { confirmAction, withBusy } from '../feedback.js'
import { printerTarget } from '../printer-target.js'
import { isMotionCommand } from '../printer-words.js'

const QUICK = [
  ['M105', 'Temperatures'],
  ['M114', 'Position'],
  ['M115', 'Firmware'],
]
const MAX_LINES = 300
/** Lines of the printer's recent traffic shown on entering. */
const EARLIER_LINES = 20

export function createConsoleView(ctx) {
  let target = printerTarget(ctx.store)
  let shownId
  const log = h('ol', { class: 'console-log', id: 'console-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Printer replies' })
  const input = h('input', {
    id: 'console-input',
    name: 'command',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    enterkeyhint: 'send',
    placeholder: 'e.g. M105',
    required: true,
  })
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send')
  const history = []
  let historyIndex = -1

  const form = h(
    'form',
    { class: 'console-form', onSubmit: onSend },
    h('label', { for: 'console-input', class: 'visually-hidden' }, 'G-code command'),
    input,
    send,
  )

  const back = h('a', { href: '#/', class: 'back-link', hidden: true }, '← Printer')
  const title = h('h1', { class: 'view-title' }, 'Console')
  const el = h(
    'div',
    { class: 'view console' },
    back,
    title,
    h(
      'div',
      { class: 'examples', role: 'group', 'aria-label': 'Quick commands' },
      QUICK.map(([command, label]) => h('button', { type: 'button', class: 'chip', onClick: (e) => run(command, e.currentTarget) }, `${label} (${command})`)),
    ),
    log,
    form,
  )

  const lineItem = (direction, text, cls = direction) =>
    h(
      'li',
      { class: `line ${cls}`, 'data-direction': direction },
      h('span', { class: 'visually-hidden' }, direction === 'sent' ? 'Sent: ' : direction === 'error' ? 'Error: ' : 'Reply: '),
      text,
    )

  function addLine(direction, text) {
    log.append(lineItem(direction, text))
    while (log.childElementCount > MAX_LINES) log.firstElementChild.remove()
    log.scrollTop = log.scrollHeight
  }

  /** The printer's own recent traffic (its console ring), above what this page sent; marked as earlier. */
  async function loadEarlier(shown) {
    const lines = await ctx.api.get(shown.path('console')).catch(() => null)
    if (shown !== target || !Array.isArray(lines)) return
    const items = lines.slice(-EARLIER_LINES).map((l) => lineItem(l.direction === 'sent' ? 'sent' : 'received', l.line, 'earlier'))
    log.prepend(...items)
    log.scrollTop = log.scrollHeight
  }

  function renderTitle() {
    const name = target.name()
    back.hidden = target.main
    back.setAttribute('href', target.href())
    setText(back, `← ${name ?? 'Printer'}`)
    setText(title, name ? `Console · ${name}` : 'Console')
  }

  async function run(command, button) {
    // Mid-print, a move or a home collides with the print head's own path: ask first.
    if (isMotionCommand(command) && ['printing', 'paused'].includes(target.printer()?.state)) {
      const ok = await confirmAction({
        title: `Send ${command.split(/\s/)[0].toUpperCase()} during the print?`,
        text: 'A print is running. Moving or homing the axes now can ruin the part or hit it. Send it only if you know why.',
        yes: 'Send anyway',
        no: 'Do not send',
      })
      if (!ok) {
        addLine('error', `${command} not sent: a print is running`)
        return
      }
    }
    addLine('sent', command)
    await withBusy(button, async () => {
      try {
        const data = await ctx.api.post(target.path('command'), { command })
        const replies = repliesOf(data)
        if (replies.length === 0) addLine('received', 'ok')
        for (const reply of replies) addLine('received', reply)
      } catch (error) {
        addLine('error', error.message)
        throw error
      }
    })
  }

  async function onSend(event) {
    event.preventDefault()
    const command = input.value.trim()
    if (!command) return
    history.unshift(command)
    historyIndex = -1
    input.value = ''
    await run(command, send)
    input.focus()
  }

  input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return
    historyIndex = Math.max(-1, Math.min(history.length - 1, historyIndex + (event.key === 'ArrowUp' ? 1 : -1)))
    input.value = historyIndex >= 0 ? history[historyIndex] : ''
    event.preventDefault()
  })

  return {
    el,
    /** `printer`: the id of one of several printers; absent for the main one. A new printer starts a new log. */
    enter(params = {}) {
      const id = params.printer ?? null
      target = printerTarget(ctx.store, id)
      renderTitle()
      if (shownId === id) return
      shownId = id
      log.replaceChildren()
      void loadEarlier(target)
      if (!target.main) void ctx.refreshPrinters()
    },
    update(changes) {
      if (!target.main && target.changedIn(changes)) renderTitle()
    },
  }
}

/** The reply lines from the command route, whichever field carries them. */
export function repliesOf(data) {
  if (Array.isArray(data)) return data.map(String)
  const lines = data?.replies ?? data?.response ?? data?.lines ?? data?.reply
  if (Array.isArray(lines)) return lines.map(String)
  if (typeof lines === 'string') return lines.split('\n').filter(Boolean)
  return []
}
