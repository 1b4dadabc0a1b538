// The host keep-alive and the power-panic offer, on a fake clock with a scripted sender.
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { loadFirmwareProfiles } from '../profiles/load.js'
import { createHostKeepalive } from './host-keepalive.js'
import type { LinkSender } from './link-sender.js'
import type { FirmwareRecoveryOffer } from './types.js'

const profiles = loadFirmwareProfiles()

function setup(profileId: string, d3Reply: string[] = ['0f91  e8 03 00 00', 'ok']) {
  const clock = createFakeClock()
  const sent: Array<{ command: string; unnumbered: boolean }> = []
  const changes: Array<FirmwareRecoveryOffer | null> = []
  const sender = {
    enqueue: async (command: string, options: { unnumbered?: boolean } = {}) => {
      sent.push({ command, unnumbered: options.unnumbered === true })
      return command.startsWith('D3') ? d3Reply : ['ok']
    },
  } as unknown as LinkSender
  const keepalive = createHostKeepalive({
    clock,
    link: { profile: () => profiles.get(profileId)!, sender: () => sender },
    onChange: (o) => changes.push(o),
    warn: () => undefined,
  })
  return { clock, sent, changes, keepalive }
}

describe('host keep-alive (Prusa M79)', () => {
  it('sends M79 S"PG" unnumbered at connect and every 12 s, and nothing for firmware without the feature', () => {
    const prusa = setup('prusa-mk3')
    prusa.keepalive.start()
    prusa.clock.advance(36_000)
    expect(prusa.sent).toEqual(Array.from({ length: 4 }, () => ({ command: 'M79 S"PG"', unnumbered: true })))
    prusa.keepalive.stop()
    prusa.clock.advance(36_000)
    expect(prusa.sent).toHaveLength(4)
    const marlin = setup('marlin')
    marlin.keepalive.start()
    marlin.clock.advance(36_000)
    expect(marlin.sent).toEqual([])
    expect(marlin.keepalive.action('uvlo_recovery_ready')).toBe(false)
  })

  it('on the offer reads the saved line with D3 once, publishes it, and forgets it on clear or disconnect', async () => {
    const t = setup('prusa-mk3')
    t.keepalive.start()
    expect(t.keepalive.action('uvlo_auto_recovery_ready')).toBe(true)
    expect(t.keepalive.action('uvlo_auto_recovery_ready')).toBe(true)
    await new Promise((r) => setImmediate(r))
    expect(t.keepalive.offer()).toEqual({ firmware: 'prusa-m79', line: 1000, automatic: true })
    expect(t.keepalive.action('uvlo_recovery_ready')).toBe(true)
    await new Promise((r) => setImmediate(r))
    expect(t.sent.filter((s) => s.command === 'D3 Ax0F91 C4')).toHaveLength(1)
    expect(t.keepalive.action('paused')).toBe(false)
    t.keepalive.clear()
    expect(t.keepalive.offer()).toBeNull()
    expect(t.changes).toEqual([{ firmware: 'prusa-m79', line: 1000, automatic: true }, null])
  })

  it('publishes nothing when the printer does not tell the line', async () => {
    const t = setup('prusa-mk3', ['echo:Unknown command: "D3 Ax0F91 C4"', 'ok'])
    t.keepalive.start()
    t.keepalive.action('uvlo_recovery_ready')
    await new Promise((r) => setImmediate(r))
    expect(t.keepalive.offer()).toBeNull()
  })
})
