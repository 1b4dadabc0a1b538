// Console: send a G-code line, read the printer's replies; quick buttons for common queries.

import { h } from '../dom.js'
import { confirmAction, withBusy } from '../feedback.js'
import { isMotionCommand } from '../printer-words.js'

const QUICK = [
  ['M105', 'Temperatures'],
  ['M114', 'Position'],
  ['M115', 'Firmware'],
]
const MAX_LINES = 300

export function createConsoleView(ctx) {
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

  const el = h(
    'div',
    { class: 'view console' },
    h('h1', { class: 'view-title' }, 'Console'),
    h(
      'div',
      { class: 'examples', role: 'group', 'aria-label': 'Quick commands' },
      QUICK.map(([command, label]) => h('button', { type: 'button', class: 'chip', onClick: (e) => run(command, e.currentTarget) }, `${label} (${command})`)),
    ),
    log,
    form,
  )

  function addLine(direction, text) {
    log.append(
      h(
        'li',
        { class: `line ${direction}` },
        h('span', { class: 'visually-hidden' }, direction === 'sent' ? 'Sent: ' : direction === 'error' ? 'Error: ' : 'Reply: '),
        text,
      ),
    )
    while (log.childElementCount > MAX_LINES) log.firstElementChild.remove()
    log.scrollTop = log.scrollHeight
  }

  async function run(command, button) {
    // Mid-print, a move or a home collides with the print head's own path: ask first.
    if (isMotionCommand(command) && ['printing', 'paused'].includes(ctx.store.state.printer?.state)) {
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
        const data = await ctx.api.post('/api/printer/command', { command })
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

  return { el }
}

/** The reply lines from the command route, whichever field carries them. */
export function repliesOf(data) {
  if (Array.isArray(data)) return data.map(String)
  const lines = data?.replies ?? data?.response ?? data?.lines ?? data?.reply
  if (Array.isArray(lines)) return lines.map(String)
  if (typeof lines === 'string') return lines.split('\n').filter(Boolean)
  return []
}
