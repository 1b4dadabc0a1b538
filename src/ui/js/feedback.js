// User feedback: a polite toast, a persistent alert banner and a confirmation dialog.

import { byId, setText } from './dom.js'

let toastTimer = null

/** A short message read out politely and hidden after a few seconds. */
export function toast(message, kind = 'info') {
  const el = byId('toast')
  el.dataset.kind = kind
  setText(el, message)
  el.classList.add('shown')
  clearTimeout(toastTimer)
  toastTimer = setTimeout(() => el.classList.remove('shown'), kind === 'error' ? 8000 : 4000)
}

/** Shows an error's plain words. */
export function showError(error) {
  toast(error?.message ?? String(error), 'error')
}

/** A banner that stays until cleared (emergency stop, printer error, offline). */
export function banner(message) {
  const el = byId('banner')
  if (!message) {
    el.hidden = true
    setText(el, '')
    return
  }
  setText(el, message)
  el.hidden = false
}

/** Asks before a destructive action; resolves true only on an explicit yes. */
export function confirmAction({ title, text, yes = 'Yes', no = 'Keep going' }) {
  const dialog = byId('confirm-dialog')
  setText(byId('confirm-title'), title)
  setText(byId('confirm-text'), text)
  setText(byId('confirm-yes'), yes)
  setText(byId('confirm-no'), no)
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true })
    dialog.returnValue = ''
    dialog.showModal()
    byId('confirm-no').focus()
  })
}

/** Runs an async action with its button disabled, showing errors in plain words. */
export async function withBusy(button, action) {
  if (button) button.disabled = true
  try {
    return await action()
  } catch (error) {
    showError(error)
    return undefined
  } finally {
    if (button) button.disabled = false
  }
}
