// The printer waits for a person (M0/M1/M600, //action:prompt_*): the firmware's text and buttons, answered in one tap.

import { h, replace } from './dom.js'
import { withBusy } from './feedback.js'

export function createPromptBanner(ctx) {
  const el = h('section', { class: 'card prompt-banner', id: 'prompt-banner', role: 'alertdialog', 'aria-labelledby': 'prompt-title', hidden: true })
  let shownKey = ''

  function render() {
    const prompt = ctx.store.state.printer?.prompt ?? null
    const key = prompt ? JSON.stringify([prompt.text, prompt.buttons, prompt.since]) : ''
    if (key === shownKey) return
    shownKey = key
    el.hidden = !prompt
    if (!prompt) return replace(el)
    const last = prompt.buttons.length - 1
    replace(
      el,
      h('h2', { id: 'prompt-title', class: 'card-title' }, 'The printer is waiting for you'),
      h('p', { class: 'prompt-text' }, prompt.text),
      h(
        'div',
        { class: 'prompt-buttons' },
        ...prompt.buttons.map((label, choice) =>
          h(
            'button',
            {
              type: 'button',
              class: choice === last ? 'primary' : '',
              'data-choice': String(choice),
              onClick: (e) => withBusy(e.currentTarget, () => ctx.api.post('/api/printer/prompt', { choice })),
            },
            label,
          ),
        ),
      ),
    )
  }

  return { el, render }
}
