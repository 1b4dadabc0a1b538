// App-key requests (Home Assistant, OctoApp, Cura asking for a key): shown to an admin on the dashboard with Allow and Deny.

import { h, replace } from './dom.js'
import { toast, withBusy } from './feedback.js'

/** Each check is ~0.9 KB with headers: every 3 s was 17 KB/min, half the page's bytes while printing. Also checked when the page is shown again. */
const POLL_MS = 10_000

export function createAppKeyRequests(ctx) {
  const list = h('ul', { class: 'app-key-list' })
  const el = h(
    'section',
    { class: 'card app-keys', id: 'app-key-requests', 'aria-labelledby': 'app-keys-title', hidden: true },
    h('h2', { id: 'app-keys-title', class: 'card-title' }, 'An app asks for access'),
    list,
  )
  let timer = null
  let shown = ''

  function render(requests) {
    const key = JSON.stringify(requests.map((r) => r.id))
    if (key === shown) return
    shown = key
    el.hidden = requests.length === 0
    replace(
      list,
      ...requests.map((r) => {
        const decide = (decision) => (e) =>
          withBusy(e.currentTarget, async () => {
            await ctx.api.post(`/plugin/appkeys/decision/${encodeURIComponent(r.id)}`, { decision })
            toast(decision ? `${r.app} may now watch, upload and print` : `${r.app} was refused`)
            await refresh()
          })
        return h(
          'li',
          { class: 'app-key-request', 'data-app': r.app },
          h(
            'p',
            {},
            h('strong', {}, r.app),
            r.user ? ` (for ${r.user})` : '',
            ' wants to watch, upload and print. Allow it only if you just asked for this in that app.',
          ),
          h(
            'div',
            { class: 'prompt-buttons' },
            h('button', { type: 'button', 'data-decision': 'deny', onClick: decide(false) }, 'Deny'),
            h('button', { type: 'button', class: 'primary', 'data-decision': 'allow', onClick: decide(true) }, 'Allow'),
          ),
        )
      }),
    )
  }

  /** Only admins decide; other sessions never ask (a refused request would be noise in the console). */
  async function isAdmin() {
    const status = await ctx.api.get('/api/auth/status').catch(() => null)
    return Array.isArray(status?.scopes) && status.scopes.includes('admin')
  }

  async function refresh() {
    try {
      const body = await ctx.api.get('/plugin/appkeys/pending')
      render(Array.isArray(body?.requests) ? body.requests : [])
      return true
    } catch (error) {
      render([])
      return !(error?.status === 401 || error?.status === 403 || error?.status === 404)
    }
  }

  // Shown again while on the dashboard (someone who just asked in an app looks now): check at once.
  document.addEventListener('visibilitychange', () => {
    if (timer !== null && document.visibilityState === 'visible') void refresh()
  })

  return {
    el,
    async enter() {
      clearTimeout(timer)
      if (!(await isAdmin())) return render([])
      const loop = async () => {
        if (document.visibilityState === 'visible' && !(await refresh())) return
        timer = setTimeout(loop, POLL_MS)
      }
      void loop()
    },

    leave() {
      clearTimeout(timer)
      timer = null
    },
  }
}
