import { describe, expect, it } from 'vitest'
import { isLinkUp, nextState } from './state.js'

describe('connection state machine', () => {
  it.each([
    ['disconnected', 'connect', 'connecting'],
    ['connecting', 'opened', 'handshake'],
    ['handshake', 'handshake_done', 'operational'],
    ['operational', 'print_started', 'printing'],
    ['printing', 'paused', 'paused'],
    ['paused', 'resumed', 'printing'],
    ['printing', 'job_ended', 'operational'],
    ['printing', 'link_lost', 'disconnected'],
    ['printing', 'firmware_reset', 'handshake'],
    ['printing', 'fatal', 'error'],
    ['paused', 'emergency_stop', 'error'],
    ['error', 'connect', 'connecting'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(nextState(from, event)).toBe(to)
  })
  it.each([
    ['disconnected', 'print_started'],
    ['operational', 'paused'],
    ['error', 'print_started'],
    ['connecting', 'handshake_done'],
    ['paused', 'paused'],
  ] as const)('refuses %s --%s-->', (from, event) => {
    expect(nextState(from, event)).toBeNull()
  })
  it('knows when the link is up', () => {
    expect(isLinkUp('printing')).toBe(true)
    expect(isLinkUp('error')).toBe(false)
  })
})
