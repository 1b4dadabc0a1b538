// Setup's Notifications card: the ntfy/Apprise URLs the gateway tells (saved by an admin), "Send test", and web push for this phone.

import { h, replace, setText } from '../dom.js'
import { toast, withBusy } from '../feedback.js'
import { createPushRow } from '../push.js'

export function createNotifyCard(ctx) {
  const urls = h('textarea', {
    id: 'notify-urls',
    name: 'notify-urls',
    rows: '3',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'ntfys://ntfy.sh/my-printer',
  })
  const configured = h('div', { id: 'notify-configured' })
  const result = h('p', { class: 'muted small', id: 'notify-result', 'aria-live': 'polite' })
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save')
  const test = h('button', { type: 'button', class: 'secondary', onClick: onTest }, 'Send test')
  const push = createPushRow(ctx)

  const el = h(
    'form',
    { class: 'card', onSubmit: onSave, 'aria-labelledby': 'notify-title' },
    h('h2', { id: 'notify-title', class: 'card-title' }, 'Notifications'),
    h(
      'p',
      { class: 'muted small' },
      'The gateway tells these when a print finishes, fails, pauses for you or waits for the bed to be cleared, even with this page closed.',
    ),
    h('label', { for: 'notify-urls' }, 'ntfy or Apprise URLs, one per line'),
    urls,
    h(
      'p',
      { class: 'muted small', id: 'notify-help' },
      'For example ntfys://ntfy.sh/your-topic, json://192.168.1.5:8000/notify or https://ntfy.example.org/printer.',
    ),
    configured,
    result,
    h('div', { class: 'button-row' }, save, test),
    push.el,
  )

  // What the phone's user typed is kept when the saved list arrives after it (a slow answer on entering).
  let edited = false
  urls.addEventListener('input', () => {
    edited = true
  })

  const lines = () =>
    urls.value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)

  function show(view, { keepEdits = false } = {}) {
    if (!(keepEdits && edited)) urls.value = view.urls.join('\n')
    edited = false
    replace(configured, view.configured.length ? h('p', { class: 'muted small' }, `Also from the config file: ${view.configured.join(', ')}`) : null)
  }

  async function onSave(event) {
    event.preventDefault()
    await withBusy(save, async () => {
      show(await ctx.api.put('/api/settings/notifications', { urls: lines() }))
      setText(result, '')
      toast('Notification URLs saved')
    })
  }

  async function onTest() {
    await withBusy(test, async () => {
      setText(result, 'Sending…')
      const answer = await ctx.api.post('/api/settings/notifications/test', { urls: lines() }).catch((error) => {
        setText(result, '')
        throw error
      })
      setText(
        result,
        answer.failed.length === 0
          ? `Test sent to ${answer.sent} ${answer.sent === 1 ? 'place' : 'places'}.`
          : `Not delivered to ${answer.failed.map((f) => `${f.target} (${f.error})`).join(', ')}${answer.sent ? `; sent to ${answer.sent} more` : ''}.`,
      )
    })
  }

  return {
    el,
    enter() {
      edited = false
      el.dataset.state = 'loading'
      ctx.api
        .get('/api/settings/notifications')
        .then((view) => {
          show(view, { keepEdits: true })
          push.show(view)
          el.dataset.state = 'loaded'
        })
        .catch(() => {
          push.show(null)
          el.dataset.state = 'unavailable'
        })
    },
  }
}
