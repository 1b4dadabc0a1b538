// Which link failures stop the link and which fail only the print.
import { describe, expect, it, vi } from 'vitest'
import { renderScript } from '../protocol/commands.js'
import { silentLogger } from '../core/logger.js'
import { firmwareProfileSchema } from '../profiles/schema.js'
import marlinJson from '../../firmware-profiles/marlin.json' with { type: 'json' }
import { createLinkFailures } from './link-failures.js'
import { createLinkState } from './link-state.js'
import type { LinkSender } from './link-sender.js'
import type { PrintJob } from './print-job.js'

function setup(options: { printing: boolean }) {
  const profile = firmwareProfileSchema().parse(marlinJson)
  const urgent: string[] = []
  const queued: string[] = []
  const aborted: string[] = []
  const ended: string[] = []
  let resetLines = 0
  const sender = {
    writeUrgent: (text: string) => void urgent.push(text),
    abort: (error: Error & { code: string }) => void aborted.push(error.code),
    resetLineNumbers: async () => void resetLines++,
    enqueue: async (line: string) => (queued.push(line), []),
  } as unknown as LinkSender
  const job = { end: (outcome: string, code: string) => void ended.push(`${outcome} ${code}`) } as unknown as PrintJob
  const state = createLinkState({ onChange: () => {} })
  for (const event of ['connect', 'opened', 'handshake_done'] as const) state.apply(event)
  if (options.printing) state.apply('print_started')
  let sessionStopped = 0
  const failures = createLinkFailures({
    log: silentLogger,
    state,
    connection: { sender: () => sender, profile: () => profile },
    jobs: { current: () => (options.printing ? job : null) },
    stopSession: () => void sessionStopped++,
  })
  return { failures, state, urgent, queued, aborted, ended, resets: () => resetLines, sessionStopped: () => sessionStopped, profile }
}

describe('link failures', () => {
  it('consecutive timeouts stop the link: heaters off, print failed, state error', () => {
    const t = setup({ printing: true })
    t.failures.senderFailed('PRINTER_TIMEOUT', 'no answer')
    expect(t.aborted).toEqual(['PRINTER_TIMEOUT'])
    expect(t.urgent).toEqual(['M104 S0', 'M140 S0'])
    expect(t.ended).toEqual(['failed PRINTER_TIMEOUT'])
    expect(t.state.current).toBe('error')
    expect(t.sessionStopped()).toBe(1)
  })

  it('a resend loop fails the print but keeps the link: line numbers reset, then the cancel script', async () => {
    const t = setup({ printing: true })
    t.failures.senderFailed('RESEND_LOOP', 'line 5 ten times')
    expect(t.ended).toEqual(['failed RESEND_LOOP'])
    expect(t.state.current).toBe('printing')
    const { park, scripts } = t.profile
    const cancel = renderScript(scripts.cancel, { z_lift: park.zLift, park_x: park.x, park_y: park.y })
    expect(cancel.length).toBeGreaterThan(0)
    await vi.waitFor(() => expect(t.queued).toEqual(cancel))
    expect(t.resets()).toBe(1)
    expect(t.urgent).toEqual([])
  })

  it('a heater fault fails the print, or with no print turns the heaters off at once', () => {
    const printing = setup({ printing: true })
    printing.failures.heaterFault('Hotend runaway')
    expect(printing.ended).toEqual(['failed HEATER_FAULT'])
    const idle = setup({ printing: false })
    idle.failures.heaterFault('Hotend runaway')
    expect(idle.urgent).toEqual(['M104 S0', 'M140 S0'])
    expect(idle.ended).toEqual([])
  })

  it('a fatal firmware error stops the link with its message', () => {
    const t = setup({ printing: false })
    t.failures.fatal('Printer halted. kill() called!')
    expect(t.state.current).toBe('error')
    expect(t.state.reason).toBe('Firmware error: Printer halted. kill() called!')
    expect(t.state.downError().code).toBe('PRINTER_NOT_CONNECTED')
  })
})
