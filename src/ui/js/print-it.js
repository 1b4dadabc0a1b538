// "Print it": the one button that lets a previewed job heat the printer, after asking that the bed is empty.

import { h } from './dom.js'
import { confirmAction, toast, withBusy } from './feedback.js'

/** True while the job waits for a person to confirm it. */
export const awaitsPrintIt = (job) => job?.printGate === 'awaiting' && !['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status)

export function printItButton(ctx, job) {
  return h(
    'button',
    {
      type: 'button',
      class: 'primary',
      'data-action': 'print-it',
      onClick: (e) =>
        withBusy(e.currentTarget, async () => {
          const ready = job.status === 'queued'
          const ok = await confirmAction({
            title: 'Print it?',
            text: ready
              ? 'The printer heats up and starts moving. Make sure the bed is empty.'
              : 'It prints as soon as the G-code is ready: the printer then heats up and starts moving. Make sure the bed is empty.',
            yes: 'Print it',
            no: 'Not yet',
          })
          if (!ok) return
          const updated = await ctx.api.post(`/api/workflows/${encodeURIComponent(job.id)}/confirm`, { bed_clear: true })
          ctx.store.upsertJob(updated)
          toast(ready ? 'Starting the print' : 'It prints once the G-code is ready')
          await ctx.refreshJob(job.id).catch(() => {})
        }),
    },
    'Print it',
  )
}
