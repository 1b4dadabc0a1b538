// "Resume from layer N" on an interrupted print's page: where it stopped, the layer to continue at, the risk, and an explicit confirmation.

import { h, replace } from './dom.js'
import { confirmAction, toast, withBusy } from './feedback.js'

const fmtZ = (z) => (z === null || z === undefined ? '?' : `${Number(z).toFixed(2)} mm`)

export function createJobRecovery(ctx) {
  const body = h('div', {})
  const el = h('section', { class: 'card recovery', 'aria-labelledby': 'recovery-title', id: 'job-recovery', hidden: true },
    h('h2', { id: 'recovery-title', class: 'card-title' }, 'Resume after the power cut'), body)
  let shownFor = null

  function render(job, view) {
    const stopped = view.stopped_at
    const layers = view.layers
    const input = h('input', {
      type: 'number', id: 'resume-layer', inputmode: 'numeric', min: String(view.lowest_layer), max: String(layers.at(-1)?.layer ?? view.lowest_layer),
      value: String(view.suggested_layer), 'aria-describedby': 'resume-layer-hint',
    })
    const zOf = () => layers.find((l) => l.layer === Number(input.value))?.z
    const hint = h('p', { class: 'muted small', id: 'resume-layer-hint' })
    const checked = h('input', { type: 'checkbox', id: 'resume-checked' })
    const button = h('button', { type: 'button', class: 'primary', 'data-action': 'resume-from-layer', disabled: true })
    const refresh = () => {
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
      })
    )
    refresh()
    replace(body,
      h('p', { id: 'recovery-stopped' }, `It stopped in layer ${stopped.layer ?? '?'} at ${fmtZ(stopped.print_z ?? stopped.layer_z)}` +
        (stopped.hotend_target ? `, nozzle ${stopped.hotend_target} °C` : '') + (stopped.bed_target ? `, bed ${stopped.bed_target} °C` : '') + '.'),
      h('p', { class: 'warning small', id: 'recovery-warning' }, view.warning),
      h('label', { for: 'resume-layer' }, 'Continue at layer'), input, hint,
      h('label', { class: 'check-row' }, checked, ' I checked the part: it is still stuck to the bed and the nozzle is free'),
      h('div', { class: 'button-row' }, button))
    el.hidden = false
  }

  return {
    el,
    /** Shows the panel for an interrupted job that kept a power-loss record; hides it for anything else. */
    show(job) {
      if (job?.status !== 'interrupted') {
        el.hidden = true
        shownFor = null
        return
      }
      if (shownFor === job.id) return
      shownFor = job.id
      ctx.api.get(`/api/workflows/${encodeURIComponent(job.id)}/recovery`).then(
        (view) => { if (shownFor === job.id && view?.suggested_layer !== null) render(job, view) },
        () => { el.hidden = true }
      )
    },
  }
}
