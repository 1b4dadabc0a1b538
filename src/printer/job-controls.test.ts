// Job controls' refusals: pause and resume say why when there is nothing to pause or resume, and the link comes first.
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createEmitter } from '../core/events.js'
import { GatewayError } from '../core/errors.js'
import { createJobControls, type JobLink } from './job-controls.js'
import { createLinkState } from './link-state.js'
import type { LinkSender } from './link-sender.js'
import type { PrinterEvents } from './types.js'

function setup(up: boolean) {
  const state = createLinkState({ onChange: () => {} })
  if (up) for (const event of ['connect', 'opened', 'handshake_done'] as const) state.apply(event)
  const sender = {} as LinkSender
  const link = {
    requireSender: () => {
      if (!up) throw new GatewayError('PRINTER_NOT_CONNECTED')
      return sender
    },
    owns: (s: LinkSender) => s === sender,
  } as unknown as JobLink
  const jobs = createJobControls({
    clock: createFakeClock(),
    events: createEmitter<PrinterEvents>(() => {}),
    options: {},
    state,
    link,
    readings: { temperatures: () => null },
  })
  return { jobs, state }
}

describe('job controls', () => {
  it('refuses pause with PRINTER_NOT_PRINTING and resume with JOB_INVALID_TRANSITION when no print runs', async () => {
    const { jobs, state } = setup(true)
    await expect(jobs.pause()).rejects.toMatchObject({ code: 'PRINTER_NOT_PRINTING' })
    await expect(jobs.resume()).rejects.toMatchObject({ code: 'JOB_INVALID_TRANSITION', message: 'The print is not paused' })
    await expect(jobs.cancel()).rejects.toMatchObject({ code: 'PRINTER_NOT_PRINTING' })
    expect(state.current).toBe('operational')
    expect(jobs.current()).toBeNull()
  })

  it('says the link is down before anything else', async () => {
    const { jobs } = setup(false)
    for (const control of [jobs.pause, jobs.resume, jobs.cancel]) await expect(control()).rejects.toMatchObject({ code: 'PRINTER_NOT_CONNECTED' })
  })
})
