// The new-print view's answer before any job exists: what the words will build, or why not and what to write instead.

import { h, replace } from './dom.js'

/** Asks the gateway's dry run; resolves with its answer (buildable or a refusal with suggestions). */
export function checkRequest(api, text, quality) {
  return api.post('/api/print-request/check', { user_request: text, quality_level: quality })
}

/**
 * Shows the answer in `box`: a refusal as an alert with its reason and suggestion chips that fill the text box
 * (`onSuggestion`), an accepted request as the words understood and the assumptions made.
 */
export function renderCheck(box, answer, { onSuggestion, describe }) {
  box.hidden = false
  if (!answer.buildable) {
    const refusal = answer.refusal ?? { message: 'The request could not be understood', suggestions: [] }
    box.dataset.state = 'refused'
    box.setAttribute('role', 'alert')
    replace(
      box,
      h('p', { class: 'check-reason', id: 'check-reason' }, h('strong', {}, 'This cannot be made yet: '), refusal.message),
      refusal.closest?.length ? h('p', { class: 'small', id: 'check-closest' }, `Closest it can make: ${refusal.closest.join(', ')}.`) : null,
      refusal.suggestions.length ? h('p', { class: 'muted small' }, 'Try one of these, or change your words:') : null,
      h(
        'div',
        { class: 'examples', role: 'group', 'aria-label': 'Suggestions' },
        refusal.suggestions
          .slice(0, 5)
          .map((text) => h('button', { type: 'button', class: 'chip', 'data-suggestion': text, onClick: () => onSuggestion(text) }, text)),
      ),
    )
    return
  }
  box.dataset.state = 'understood'
  box.setAttribute('role', 'status')
  const words = describe(answer.intent)
  replace(
    box,
    h('p', { id: 'check-understood' }, h('strong', {}, 'Understood: '), words ?? answer.request),
    answer.assumptions.length
      ? h(
          'ul',
          { class: 'assumptions muted small' },
          answer.assumptions.map((a) => h('li', {}, a)),
        )
      : null,
  )
}

export function clearCheck(box) {
  box.hidden = true
  delete box.dataset.state
  replace(box)
}
