// "Notify this phone": web push, offered only where the browser allows it (a secure context: HTTPS, or the gateway itself).

import { h, replace } from './dom.js'
import { toast, withBusy } from './feedback.js'

/** The VAPID key as the bytes PushManager.subscribe wants. */
function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0))
}

/** The service worker's registration, or null when there is none within a few seconds. */
async function registration() {
  const ready = navigator.serviceWorker.ready
  const late = new Promise((resolve) => setTimeout(() => resolve(null), 5000))
  return (await navigator.serviceWorker.getRegistration()) ?? Promise.race([ready, late])
}

export function createPushRow(ctx) {
  const el = h('div', { class: 'push-row', id: 'push-row', 'aria-live': 'polite' })
  let httpsPort = null

  const note = (text) => h('p', { class: 'muted small', id: 'push-note' }, text)

  async function render() {
    if (!window.isSecureContext) {
      const secure = httpsPort ? `https://${location.hostname}:${httpsPort}/` : null
      replace(
        el,
        secure
          ? note(
              h(
                'span',
                {},
                'To notify this phone, open ',
                h('a', { href: `${secure}#/settings`, id: 'push-https-link' }, secure),
                ": browsers allow notifications from a web page only over HTTPS. Trust the gateway's certificate on this phone first (README: HTTPS).",
              ),
            )
          : note(
              'Notifying this phone needs HTTPS, and this gateway serves plain HTTP only: an admin can turn HTTPS on with install.sh --https. The URLs above work without it.',
            ),
      )
      return
    }
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
      replace(el, note('This browser cannot receive web push. On an iPhone, add printgate to the Home Screen first and open it from there.'))
      return
    }
    const reg = await registration()
    const subscription = await reg?.pushManager.getSubscription()
    if (subscription) {
      replace(
        el,
        note('This phone is notified when a print ends, fails or waits for you.'),
        h(
          'button',
          { type: 'button', class: 'secondary', id: 'push-off', onClick: (e) => withBusy(e.currentTarget, () => unsubscribe(subscription)) },
          'Stop notifying this phone',
        ),
      )
    } else {
      replace(
        el,
        note('Or let the gateway notify this phone itself, with the page closed.'),
        h('button', { type: 'button', class: 'secondary', id: 'push-on', onClick: (e) => withBusy(e.currentTarget, subscribe) }, 'Notify this phone'),
      )
    }
  }

  async function subscribe() {
    if ((await Notification.requestPermission()) !== 'granted') {
      replace(el, note("Notifications are blocked for this site. Allow them in the browser's site settings, then try again."))
      return
    }
    const reg = await registration()
    if (!reg) throw new Error('The offline helper (service worker) did not start, so this browser cannot be notified.')
    const { public_key: key } = await ctx.api.get('/api/notifications/vapid-key')
    let subscription
    try {
      subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) })
    } catch (error) {
      throw new Error(`This browser's push service refused: ${error?.message ?? error}`)
    }
    await ctx.api.post('/api/notifications/subscriptions', subscription.toJSON())
    toast('This phone will be notified')
    await render()
  }

  async function unsubscribe(subscription) {
    await ctx.api.request('DELETE', '/api/notifications/subscriptions', { endpoint: subscription.endpoint })
    await subscription.unsubscribe()
    toast('This phone will not be notified')
    await render()
  }

  return {
    el,
    /** Renders with what the gateway said about itself (its HTTPS port, or null). */
    show(view) {
      httpsPort = view?.https_port ?? null
      render().catch(() => replace(el, note('Web push is not available in this browser.')))
    },
  }
}
