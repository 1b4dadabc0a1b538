// Pairing: shown when the gateway asks for a credential; the code appears on the printer's display and in the log.

import { h, setText } from '../dom.js'
import { withBusy } from '../feedback.js'

export function createPairingView(ctx) {
  const code = h('input', {
    id: 'pairing-code', name: 'code', type: 'text', inputmode: 'text', autocomplete: 'one-time-code',
    autocapitalize: 'characters', spellcheck: 'false', required: true, 'aria-describedby': 'pairing-help',
  })
  const name = h('input', { id: 'device-name', name: 'name', type: 'text', autocomplete: 'off', value: guessDeviceName() })
  const submit = h('button', { type: 'submit', class: 'primary wide' }, 'Pair this phone')
  const result = h('p', { class: 'error-text', role: 'alert', id: 'pairing-error' })

  const el = h('div', { class: 'view pairing' },
    h('h1', { class: 'view-title' }, 'Pair this phone'),
    h('form', { class: 'card', onSubmit },
      h('p', { id: 'pairing-help' }, 'Enter the pairing code shown on the printer\'s display (or in the gateway\'s log). Only people standing next to the printer can see it.'),
      h('label', { for: 'pairing-code' }, 'Pairing code'), code,
      h('label', { for: 'device-name' }, 'Name for this device'), name,
      result,
      submit))

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

  return {
    el,
    enter() {
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
