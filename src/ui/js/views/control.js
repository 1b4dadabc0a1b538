// The Control sheet of the main printer (#/control) or one of several (#/printers/<id>/control): preheat per material, cool down,
// home, jog with step sizes (locked while printing), fan, speed and flow, baby-step Z.

import { h, replace, setText } from '../dom.js'
import { confirmAction, toast, withBusy } from '../feedback.js'
import { loadTarget, printerTarget } from '../printer-target.js'
import { createTempsCard } from '../temps-card.js'

const JOG_STEPS = [0.1, 1, 10, 50]
const BABY_STEPS = [-0.05, -0.02, 0.02, 0.05]
const CONNECTED = ['operational', 'printing', 'paused']

export function createControlView(ctx) {
  let target = printerTarget(ctx.store)
  const temps = createTempsCard(ctx, { target: () => target })
  const presets = h('div', { class: 'examples', role: 'group', 'aria-label': 'Preheat presets', id: 'presets' })
  let step = 10
  const stepButtons = JOG_STEPS.map((mm) =>
    h(
      'button',
      {
        type: 'button',
        class: 'chip',
        'aria-pressed': String(mm === step),
        'data-step': String(mm),
        onClick: () => {
          step = mm
          for (const b of stepButtons) b.setAttribute('aria-pressed', String(Number(b.dataset.step) === step))
        },
      },
      `${mm} mm`,
    ),
  )
  const jog = (axis, sign, label) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary jog',
        'data-jog': `${axis}${sign > 0 ? '+' : '-'}`,
        'aria-label': `Move ${axis.toUpperCase()} ${label}`,
        onClick: (e) => send(e.currentTarget, { action: 'jog', axis, distance: sign * step }),
      },
      `${axis.toUpperCase()}${sign > 0 ? '+' : '−'}`,
    )
  const motionNote = h('p', { class: 'muted small', id: 'motion-note' })
  const motion = h(
    'fieldset',
    { class: 'motion', id: 'motion' },
    h('legend', {}, 'Move'),
    h('div', { class: 'examples', role: 'group', 'aria-label': 'Step size' }, stepButtons),
    h(
      'div',
      { class: 'jog-pad' },
      jog('x', -1, 'left'),
      jog('x', 1, 'right'),
      jog('y', -1, 'to the front'),
      jog('y', 1, 'to the back'),
      jog('z', 1, 'up'),
      jog('z', -1, 'down'),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary', 'data-action': 'home', onClick: (e) => send(e.currentTarget, { action: 'home' }, 'Homing all axes') },
      'Home all axes',
    ),
    motionNote,
  )
  const factor = (id, label, min, max, action) => {
    const input = h('input', { id, type: 'number', inputmode: 'numeric', min: String(min), max: String(max), value: '100', step: '1' })
    return h(
      'div',
      { class: 'factor' },
      h('label', { for: id }, label),
      input,
      h(
        'button',
        { type: 'button', class: 'secondary', 'data-action': action, onClick: (e) => send(e.currentTarget, { action, percent: Number(input.value) }) },
        'Set',
      ),
    )
  }
  const babyNote = h('p', { class: 'muted small', id: 'babystep-note' })
  const baby = h(
    'div',
    { class: 'examples', role: 'group', 'aria-label': 'Baby-step Z', id: 'babysteps' },
    BABY_STEPS.map((z) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          'data-babystep': String(z),
          onClick: (e) => send(e.currentTarget, { action: 'babystep', z }, `Z ${z > 0 ? '+' : ''}${z} mm`),
        },
        `Z ${z > 0 ? '+' : '−'}${Math.abs(z)}`,
      ),
    ),
  )
  const back = h('a', { href: '#/', class: 'back-link' }, '← Printer')
  const title = h('h1', { class: 'view-title' }, 'Control')
  const el = h(
    'div',
    { class: 'view control' },
    back,
    title,
    temps.el,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'heat-title' },
      h('h2', { id: 'heat-title', class: 'card-title' }, 'Heat'),
      presets,
      h(
        'button',
        { type: 'button', class: 'secondary', 'data-action': 'cooldown', onClick: (e) => send(e.currentTarget, { action: 'cooldown' }, 'Heaters off') },
        'Cool down',
      ),
    ),
    h('section', { class: 'card', 'aria-label': 'Motion' }, motion),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'tune-title' },
      h('h2', { id: 'tune-title', class: 'card-title' }, 'Fan, speed and flow'),
      factor('fan-percent', 'Part fan %', 0, 100, 'fan'),
      factor('speed-percent', 'Speed %', 10, 300, 'speed'),
      factor('flow-percent', 'Flow %', 50, 200, 'flow'),
      h('h3', { class: 'subtitle' }, 'Baby-step Z (while printing)'),
      baby,
      babyNote,
    ),
  )

  async function send(button, body, words) {
    await withBusy(button, async () => {
      await ctx.api.post(target.path('control'), body)
      toast(words ?? 'Sent to the printer')
    })
    renderState()
  }

  async function loadPresets() {
    const data = await ctx.api.get('/api/printer/presets').catch(() => null)
    if (!data) return
    replace(
      presets,
      data.presets.map((p) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            'data-preset': p.id,
            onClick: async (e) => {
              const button = e.currentTarget
              if (target.printer()?.state === 'printing') {
                const ok = await confirmAction({
                  title: `Preheat for ${p.name} during the print?`,
                  text: 'This changes the temperatures the print is using.',
                  yes: 'Change them',
                  no: 'Keep them',
                })
                if (!ok) return
              }
              await send(button, { action: 'preheat', material: p.id }, `Heating for ${p.name}: ${p.hotend}° / ${p.bed}°`)
            },
          },
          `${p.name} ${p.hotend}° / ${p.bed}°`,
        ),
      ),
    )
    renderState()
  }

  /** Buttons follow the printer: motion locked while a print runs, baby-steps only then, nothing while disconnected. */
  function renderState() {
    const state = target.printer()?.state
    const connected = CONNECTED.includes(state) && ctx.store.state.live === 'live'
    const printing = state === 'printing' || state === 'paused'
    for (const b of el.querySelectorAll('button')) b.disabled = !connected
    for (const b of motion.querySelectorAll('button[data-jog], button[data-action="home"]')) b.disabled = !connected || printing
    for (const b of baby.querySelectorAll('button')) b.disabled = !connected || state !== 'printing'
    setText(
      motionNote,
      !connected ? 'The printer is not connected.' : printing ? 'Moving the axes is locked while a print runs: the print owns the motion.' : '',
    )
    setText(babyNote, state === 'printing' ? 'Each tap moves the nozzle by that much for the rest of the print.' : 'Available while a print runs.')
  }

  function renderTitle() {
    const name = target.name()
    back.setAttribute('href', target.href())
    setText(back, `← ${name ?? 'Printer'}`)
    setText(title, name ? `Control · ${name}` : 'Control')
  }

  let ticker = null
  return {
    el,
    /** `printer`: the id of one of several printers; absent for the main one. */
    enter(params = {}) {
      target = printerTarget(ctx.store, params.printer ?? null)
      renderTitle()
      temps.render({ now: true })
      renderState()
      loadPresets()
      const shown = target
      loadTarget(ctx, shown).then(() => shown === target && temps.render({ now: true }))
      ticker = setInterval(temps.tick, 1000)
    },
    update(changes) {
      if (target.changedIn(changes) || changes.has('live')) {
        if (!target.main) renderTitle()
        temps.render()
        renderState()
      }
    },
    leave() {
      clearInterval(ticker)
    },
  }
}
