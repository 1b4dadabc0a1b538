// Setup: serial port, baud rate and firmware profile; connect and disconnect; notifications; this device.

import { h, replace, setText } from '../dom.js'
import { confirmAction, toast, withBusy } from '../feedback.js'
import { printerWords } from '../format.js'
import { createNotifyCard } from './notify-card.js'

const BAUDS = [250000, 230400, 115200, 57600, 38400, 19200, 9600]

export function createSettingsView(ctx) {
  const port = h('input', {
    id: 'port',
    name: 'port',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    list: 'port-options',
    placeholder: '/dev/ttyUSB0 or sim://marlin',
  })
  const portOptions = h('datalist', { id: 'port-options' })
  const baud = h(
    'select',
    { id: 'baud', name: 'baud' },
    h('option', { value: '' }, 'Automatic'),
    BAUDS.map((b) => h('option', { value: String(b) }, String(b))),
  )
  const profile = h('input', {
    id: 'profile',
    name: 'profile',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    list: 'profile-options',
    placeholder: 'Automatic (from the firmware)',
  })
  const profileOptions = h('datalist', { id: 'profile-options' })
  const connect = h('button', { type: 'submit', class: 'primary' }, 'Connect')
  const disconnect = h('button', { type: 'button', class: 'secondary', onClick: onDisconnect }, 'Disconnect')
  const hint = h('p', { class: 'muted small', id: 'connect-hint', 'aria-live': 'polite' })
  const info = h('dl', { class: 'facts', id: 'printer-facts' })
  const device = h('div', { id: 'device-facts' })
  const notify = createNotifyCard(ctx)

  const el = h(
    'div',
    { class: 'view settings' },
    h('h1', { class: 'view-title' }, 'Printer connection'),
    h('section', { class: 'card', 'aria-labelledby': 'facts-title' }, h('h2', { id: 'facts-title', class: 'card-title' }, 'Now'), info),
    h(
      'form',
      { class: 'card', onSubmit: onConnect, 'aria-labelledby': 'connect-title' },
      h('h2', { id: 'connect-title', class: 'card-title' }, 'Connect'),
      h('label', { for: 'port' }, 'Serial port'),
      port,
      portOptions,
      h('label', { for: 'baud' }, 'Baud rate'),
      baud,
      h('label', { for: 'profile' }, 'Firmware profile'),
      profile,
      profileOptions,
      hint,
      h('div', { class: 'button-row' }, connect, disconnect),
    ),
    notify.el,
    h('section', { class: 'card', 'aria-labelledby': 'device-title' }, h('h2', { id: 'device-title', class: 'card-title' }, 'This device'), device),
  )

  /** Connect only when there is nothing to connect over: never mid-print, never over a printer in error (disconnect first). */
  function renderButtons() {
    const state = ctx.store.state.printer?.state
    connect.disabled = state !== 'disconnected' && state !== undefined
    disconnect.disabled = state === 'disconnected'
    setText(
      hint,
      state === 'error'
        ? 'The printer stopped with an error: disconnect it, check it, then connect again.'
        : ['printing', 'paused'].includes(state)
          ? 'Connected and printing; the connection cannot change now.'
          : state === 'operational'
            ? 'Connected. Disconnect first to change the port or profile.'
            : '',
    )
  }

  function renderFacts() {
    const p = ctx.store.state.printer ?? {}
    const link = p.link ?? {}
    const firmware = p.firmware ?? {}
    const fact = (label, value) => h('div', {}, h('dt', {}, label), h('dd', {}, value ?? '—'))
    replace(
      info,
      fact('State', printerWords(p.state)),
      p.reason ? fact('Reason', p.reason) : null,
      fact('Port', link.port ?? p.port),
      fact('Baud', link.baud ?? p.baud),
      fact(
        'Firmware',
        firmware.version && !String(firmware.name ?? '').includes(firmware.version)
          ? `${firmware.name ?? ''} ${firmware.version}`.trim()
          : (firmware.name ?? null),
      ),
      fact('Profile', firmware.profile ?? p.profile),
      fact('Flow', p.flowMode ?? p.flow_mode),
    )
  }

  function fillForm() {
    const p = ctx.store.state.printer ?? {}
    const link = p.link ?? {}
    if (!port.value) port.value = link.port ?? p.port ?? ''
    const b = String(link.baud ?? p.baud ?? '')
    if (BAUDS.map(String).includes(b)) baud.value = b
    if (!profile.value) profile.value = p.firmware?.profile ?? p.profile ?? ''
  }

  /** Ports the gateway found and the firmware profiles it knows, as suggestions (GET /api/printer/ports). */
  async function loadChoices() {
    const choices = await ctx.api.get('/api/printer/ports').catch(() => null)
    if (!choices) return
    replace(
      portOptions,
      choices.ports.map((x) => h('option', { value: x.path }, x.manufacturer ?? x.path)),
    )
    replace(
      profileOptions,
      choices.profiles.map((x) => h('option', { value: x.id }, x.name)),
    )
  }

  async function onConnect(event) {
    event.preventDefault()
    await withBusy(connect, async () => {
      const body = {}
      if (port.value.trim()) body.port = port.value.trim()
      if (baud.value) body.baud = Number(baud.value)
      if (profile.value.trim()) body.profile = profile.value.trim()
      setText(connect, 'Connecting…')
      try {
        await ctx.api.post('/api/printer/connect', body)
      } finally {
        setText(connect, 'Connect')
      }
      toast('Connected to the printer')
      await ctx.refreshAll()
    })
    renderButtons()
  }

  async function onDisconnect(event) {
    const button = event.currentTarget
    const printing = ['printing', 'paused'].includes(ctx.store.state.printer?.state)
    if (printing) {
      const ok = await confirmAction({ title: 'Disconnect while printing?', text: 'The print will stop. This cannot be undone.', yes: 'Disconnect' })
      if (!ok) return
    }
    await withBusy(button, async () => {
      await ctx.api.post('/api/printer/disconnect')
      toast('Disconnected')
      await ctx.refreshAll()
    })
    renderButtons()
  }

  async function renderDevice() {
    let status
    try {
      status = await ctx.api.get('/api/auth/status')
    } catch {
      replace(device, h('p', { class: 'muted' }, 'Access control is not available on this gateway.'))
      return
    }
    const how = { cookie: `paired as "${status.name}"`, loopback: 'on the gateway itself (trusted)', bearer: 'with a device token', key: 'with an API key' }
    replace(
      device,
      h('p', {}, status.authenticated ? `This browser is ${how[status.via] ?? 'signed in'}.` : 'This browser is not paired.'),
      status.scopes?.length ? h('p', { class: 'muted small' }, `Allowed: ${status.scopes.join(', ')}`) : null,
      status.via === 'cookie'
        ? h(
            'button',
            {
              type: 'button',
              class: 'danger-outline',
              onClick: (e) =>
                withBusy(e.currentTarget, async () => {
                  const ok = await confirmAction({
                    title: 'Unpair this phone?',
                    text: 'It will need a new pairing code from the printer to control it again.',
                    yes: 'Unpair',
                  })
                  if (!ok) return
                  await ctx.api.post('/api/auth/logout')
                  location.reload()
                }),
            },
            'Unpair this phone',
          )
        : null,
    )
  }

  return {
    el,
    enter() {
      renderFacts()
      renderButtons()
      fillForm()
      renderDevice()
      loadChoices()
      notify.enter()
      ctx.api
        .get('/api/printer/status')
        .then((p) => ctx.store.setPrinter(p))
        .catch(() => {})
    },
    update(changes) {
      if (changes.has('printer')) {
        renderFacts()
        renderButtons()
        fillForm()
      }
    },
  }
}
