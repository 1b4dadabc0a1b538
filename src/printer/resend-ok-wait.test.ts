// The wait for the ok that follows a resend request.
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { createResendOkWait } from './resend-ok-wait.js'

function setup() {
  const clock = createFakeClock()
  let missing = 0
  const wait = createResendOkWait(clock, 500, () => missing++)
  return { clock, wait, missing: () => missing }
}

describe('wait for the ok after a resend', () => {
  it('gives up when the wait ends', () => {
    const t = setup()
    t.wait.start()
    t.clock.advance(499)
    expect(t.missing()).toBe(0)
    t.clock.advance(1)
    expect(t.missing()).toBe(1)
    t.clock.advance(1000)
    expect(t.missing()).toBe(1)
  })

  it('the ok ends the wait; another resend request keeps it; any other reply means the ok will not come', () => {
    const t = setup()
    t.wait.start()
    t.wait.reply('ok')
    t.clock.advance(1000)
    expect(t.missing()).toBe(0)
    t.wait.start()
    t.wait.reply('resend')
    expect(t.missing()).toBe(0)
    t.wait.reply('error')
    expect(t.missing()).toBe(1)
    t.wait.reply('echo')
    expect(t.missing()).toBe(1)
  })

  it('replies while not waiting and a cancelled wait do nothing', () => {
    const t = setup()
    t.wait.reply('echo')
    t.wait.start()
    t.wait.cancel()
    t.clock.advance(1000)
    expect(t.missing()).toBe(0)
  })
})
