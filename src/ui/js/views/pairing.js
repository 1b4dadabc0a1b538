// Pairing: shown when the gateway asks for a credential; the code appears on the printer's display and in the log.

import { h, setText } from '../dom.js'
import { withBusy } from '../feedback.js'

export function createPairingView(ctx) {
  const code = h('input', {
    id: 'pairing-code',
    name: 'code',
    type: 'text',
    inputmode: 'text',
    autocomplete: 'one-time-code',
    autocapitalize: 'characters',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'pairing-help',
  })
  const name = h('input', { id: 'device-name', name: 'name', type: 'text', autocomplete: 'off', value: guessDeviceName() })
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Pair this phone')
  const result = h('p', { class: 'error-text', role: 'alert', id: 'pairing-error' })
  const windowNote = h('p', { class: 'muted', id: 'pairing-window' })

  const el = h(
    'div',
    { class: 'view pairing' },
    h('h1', { class: 'view-title' }, 'Pair this phone'),
    h(
      'form',
      { class: 'card', onSubmit },
      h(
        'p',
        { id: 'pairing-help' },
        "Enter the pairing code shown on the printer's display (or in the gateway's log). Only people standing next to the printer can see it.",
      ),
      windowNote,
      h('label', { for: 'pairing-code' }, 'Pairing code'),
      code,
      h('label', { for: 'device-name' }, 'Name for this device'),
      name,
      result,
      submit,
    ),
  )

  async function onSubmit(event) {
    event.preventDefault()
    setText(result, '')
    await withBusy(submit, async () => {
      try {
        await ctx.api.post('/api/auth/pair', { code: code.value.trim(), name: name.value.trim() || 'Phone' })
      } catch (error) {
        setText(result, error.status === 429 ? `Too many tries. ${error.message}` : error.message)
        return
      }
      code.value = ''
      await ctx.paired()
    })
  }

  /** Says whether a code is waiting, expired or locked, so nobody types into a closed window. */
  async function describeWindow() {
    setText(windowNote, '')
    try {
      const status = await ctx.api.get('/api/auth/status')
      const state = status?.pairing
      if (!state) return
      const minutes = (ms) => `${Math.max(1, Math.ceil(ms / 60_000))} min`
      if (state.locked) setText(windowNote, `Pairing is locked after too many wrong codes; try again in ${minutes(state.lockedForMs ?? 0)}.`)
      else if (state.active) setText(windowNote, `A code is waiting on the printer's display; it expires in ${minutes(state.expiresInMs ?? 0)}.`)
      else setText(windowNote, 'No code is active right now. Restart the gateway to show a new one, or start pairing from a device that is already paired.')
    } catch {
      // The status route is optional; the form still works.
    }
  }

  return {
    el,
    enter() {
      describeWindow()
      setTimeout(() => code.focus(), 0)
    },
  }
}

function guessDeviceName() {
  const ua = navigator.userAgent
  if (/iPhone/.test(ua)) return 'iPhone'
  if (/iPad/.test(ua)) return 'iPad'
  if (/Android/.test(ua)) return 'Android phone'
  return 'Browser'
}
