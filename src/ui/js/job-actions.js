// Job control buttons shared by the dashboard and the job detail: pause, resume, cancel, bed clear.

import { h } from './dom.js'
import { confirmAction, toast, withBusy } from './feedback.js'
import { isFinished } from './format.js'
import { awaitsPrintIt, printItButton } from './print-it.js'

/**
 * Builds the buttons that fit the job's status. Cancel always asks first;
 * "bed is clear, start" appears while the job waits in the queue.
 */
export function jobActions(ctx, job) {
  const id = encodeURIComponent(job.id)
  const buttons = []
  const after = (words) => async () => {
    toast(words)
    await ctx.refreshJob(job.id).catch(() => {})
  }
  if (job.status === 'printing_phase') {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'data-action': 'pause',
          onClick: (e) =>
            withBusy(e.currentTarget, async () => {
              await ctx.api.post(`/api/workflows/${id}/pause`)
              await after('Pausing: the print head parks after the current move')()
            }),
        },
        'Pause',
      ),
    )
  }
  if (job.status === 'paused') {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-action': 'resume',
          onClick: (e) =>
            withBusy(e.currentTarget, async () => {
              await ctx.api.post(`/api/workflows/${id}/resume`)
              await after('Resuming the print')()
            }),
        },
        'Resume',
      ),
    )
  }
  const printer = ctx.store.state.printer
  // Offered only when a yes can start something: not with auto-start (it starts by itself), not while disconnected.
  const bedCanStart = printer?.state === 'operational' && printer?.auto_start !== true
  if (awaitsPrintIt(job)) buttons.push(printItButton(ctx, job))
  else if (job.status === 'queued' && bedCanStart) {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          'data-action': 'bed-cleared',
          onClick: (e) =>
            withBusy(e.currentTarget, async () => {
              const ok = await confirmAction({
                title: 'Is the bed clear?',
                text: 'The printer will heat up and start moving. Make sure nothing is left on the bed.',
                yes: 'Bed is clear, start',
                no: 'Not yet',
              })
              if (!ok) return
              await ctx.api.post('/api/printer/bed-cleared')
              await after('Starting the next print')()
            }),
        },
        'Bed is clear, start',
      ),
    )
  }
  if (job.status && !isFinished(job.status)) {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          class: 'danger-outline',
          'data-action': 'cancel',
          onClick: (e) =>
            withBusy(e.currentTarget, async () => {
              const ok = await confirmAction({
                title: 'Cancel this job?',
                text:
                  job.status === 'printing_phase' || job.status === 'paused'
                    ? 'The print stops, the heaters turn off and the part stays unfinished. This cannot be undone.'
                    : 'The job stops and will not print. This cannot be undone.',
                yes: 'Cancel job',
                no: 'Keep going',
              })
              if (!ok) return
              await ctx.api.del(`/api/workflows/${id}`)
              await after('Job cancelled')()
            }),
        },
        'Cancel',
      ),
    )
  }
  return buttons
}
