// After a power cut, on an interrupted print's page: "Resume (printer's own recovery)" when the printer offers it, else "Resume from layer N"; the risk, and an explicit confirmation.

import { h, replace } from './dom.js'
import { confirmAction, toast, withBusy } from './feedback.js'

const fmtZ = (z) => (z === null || z === undefined ? '?' : `${Number(z).toFixed(2)} mm`)

export function createJobRecovery(ctx) {
  const body = h('div', {})
  const el = h(
    'section',
    { class: 'card recovery', 'aria-labelledby': 'recovery-title', id: 'job-recovery', hidden: true },
    h('h2', { id: 'recovery-title', class: 'card-title' }, 'Resume after the power cut'),
    body,
  )
  let shownFor = null
  let askedAt = 0
  /** The printer's offer arrives after it reconnects: ask again while the panel does not show it. */
  let waitingForPrinter = false

  function render(job, view) {
    const stopped = view.stopped_at
    const layers = view.layers
    const input = h('input', {
      type: 'number',
      id: 'resume-layer',
      inputmode: 'numeric',
      min: String(view.lowest_layer),
      max: String(layers.at(-1)?.layer ?? view.lowest_layer),
      value: String(view.suggested_layer),
      'aria-describedby': 'resume-layer-hint',
    })
    const zOf = () => layers.find((l) => l.layer === Number(input.value))?.z
    const hint = h('p', { class: 'muted small', id: 'resume-layer-hint' })
    const checked = h('input', { type: 'checkbox', id: 'resume-checked' })
    const own = view.printer_recovery
    const button = h('button', { type: 'button', class: own?.available ? '' : 'primary', 'data-action': 'resume-from-layer', disabled: true })
    const ownButton = own?.available
      ? h('button', { type: 'button', class: 'primary', 'data-action': 'resume-printer', disabled: true }, "Resume (printer's own recovery)")
      : null
    const refresh = () => {
      if (ownButton) ownButton.disabled = !checked.checked
      const layer = Number(input.value)
      const valid = Number.isInteger(layer) && layer >= view.lowest_layer && layers.some((l) => l.layer === layer)
      hint.textContent = valid
        ? `Layer ${layer} starts at ${fmtZ(zOf())}. ${layer === view.suggested_layer ? 'It prints again the layer that was cut off.' : 'Layers in between are skipped.'}`
        : `Choose a layer from ${view.lowest_layer} to ${layers.at(-1)?.layer}: lower ones would push the nozzle into the part.`
      button.textContent = `Resume from layer ${valid ? layer : '…'}`
      button.disabled = !valid || !checked.checked
    }
    input.addEventListener('input', refresh)
    checked.addEventListener('change', refresh)
    button.addEventListener('click', (e) =>
      withBusy(e.currentTarget, async () => {
        const layer = Number(input.value)
        const ok = await confirmAction({
          title: `Resume from layer ${layer}?`,
          text: 'The printer heats the bed and nozzle, sets Z without homing it, homes X and Y, purges beside the part, then continues the file. Stay near it for the first layer.',
          yes: 'Resume',
          no: 'Not now',
        })
        if (!ok) return
        const next = await ctx.api.post(`/api/workflows/${encodeURIComponent(job.id)}/recover`, { layer, confirm: true })
        toast(`Resuming from layer ${layer}`)
        ctx.navigate(`#/jobs/${encodeURIComponent(next.job_id)}`)
      }),
    )
    ownButton?.addEventListener('click', (e) =>
      withBusy(e.currentTarget, async () => {
        const ok = await confirmAction({
          title: "Resume with the printer's own recovery?",
          text: `The printer saved where it stopped (file line ${own.file_line}${own.layer !== null ? `, layer ${own.layer}` : ''}). It reheats, moves back over the part and lowers to that height; then the rest of the file follows. Stay near it.`,
          yes: 'Resume',
          no: 'Not now',
        })
        if (!ok) return
        const next = await ctx.api.post(`/api/workflows/${encodeURIComponent(job.id)}/recover`, { mode: 'printer', confirm: true })
        toast("Resuming with the printer's own recovery")
        ctx.navigate(`#/jobs/${encodeURIComponent(next.job_id)}`)
      }),
    )
    refresh()
    const ownPart = ownButton
      ? [
          h(
            'p',
            { id: 'recovery-printer' },
            `The printer kept this print${own.layer !== null ? ` (layer ${own.layer})` : ''} and can continue it itself: preferred.`,
          ),
          h('div', { class: 'button-row' }, ownButton),
          h('p', { class: 'muted small' }, "Or resume from a layer with printgate's own sequence:"),
        ]
      : []
    replace(
      body,
      h(
        'p',
        { id: 'recovery-stopped' },
        `It stopped in layer ${stopped.layer ?? '?'} at ${fmtZ(stopped.print_z ?? stopped.layer_z)}` +
          (stopped.hotend_target ? `, nozzle ${stopped.hotend_target} °C` : '') +
          (stopped.bed_target ? `, bed ${stopped.bed_target} °C` : '') +
          '.',
      ),
      h('p', { class: 'warning small', id: 'recovery-warning' }, view.warning),
      h('label', { class: 'check-row' }, checked, ' I checked the part: it is still stuck to the bed and the nozzle is free'),
      ...ownPart,
      h('label', { for: 'resume-layer' }, 'Continue at layer'),
      input,
      hint,
      h('div', { class: 'button-row' }, button),
    )
    el.hidden = false
  }

  return {
    el,
    /** Shows the panel for an interrupted job that kept a power-loss record; hides it for anything else. */
    show(job) {
      if (job?.status !== 'interrupted') {
        el.hidden = true
        shownFor = null
        waitingForPrinter = false
        return
      }
      if (shownFor === job.id && !(waitingForPrinter && Date.now() - askedAt > 3000)) return
      shownFor = job.id
      askedAt = Date.now()
      ctx.api.get(`/api/workflows/${encodeURIComponent(job.id)}/recovery`).then(
        (view) => {
          if (shownFor !== job.id) return
          const available = view?.printer_recovery?.available === true
          // Re-render only when the printer's offer appeared: a re-render would undo what the user ticked.
          if (waitingForPrinter && !available && !el.hidden) return
          waitingForPrinter = !available
          if (view?.suggested_layer !== null || available) render(job, view)
        },
        () => {
          el.hidden = true
        },
      )
    },
  }
}
