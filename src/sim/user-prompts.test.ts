// M0/M1/M600 in the simulator: host prompts, `busy: paused for user`, answers through the emergency parser.
import { describe, expect, it } from 'vitest'
import { createSimHarness } from './sim-harness.js'

const oks = (lines: string[]): number => lines.filter((l) => l.startsWith('ok')).length

describe('pause for user', () => {
  it('M0 shows its text with a Continue button and waits, saying busy: paused for user, until M876 S0', () => {
    const h = createSimHarness()
    h.take()
    h.send('M0 Remove the brim\nG1 X5\n')
    h.advance(4_500)
    const waiting = h.take()
    expect(waiting.slice(0, 4)).toEqual([
      '//action:prompt_end',
      '//action:prompt_begin Remove the brim',
      '//action:prompt_button Continue',
      '//action:prompt_show',
    ])
    expect(waiting.filter((l) => l === 'echo:busy: paused for user')).toHaveLength(2)
    expect(oks(waiting)).toBe(0)
    // The answer is caught as it arrives; its line is then queued and answered like any other (M0, G1, M876).
    h.send('M876 S0\n')
    h.advance(1)
    expect(h.take()).toEqual(['//action:prompt_end', 'ok', 'ok', 'ok'])
    expect(h.sim.state().position.x).toBe(5)
  })

  it('M1 with a time gives up waiting after it; M108 answers an untimed M0', () => {
    const h = createSimHarness()
    h.take()
    h.send('M1 S2\n')
    h.advance(1_999)
    expect(oks(h.take())).toBe(0)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
    h.send('M0\n')
    h.advance(10_000)
    expect(h.take()).toContain('//action:prompt_begin Click to resume...')
    h.send('M108\n')
    h.advance(1)
    expect(oks(h.take())).toBe(2)
  })

  it('without the emergency parser the blocked firmware cannot hear the answer', () => {
    const h = createSimHarness({ emergencyParser: false })
    h.take()
    h.send('M0\n')
    h.advance(100)
    h.send('M876 S0\n')
    h.advance(10_000)
    expect(oks(h.take())).toBe(0)
  })

  it('M600 parks, asks to confirm, then offers Purge More (S0, asks again) or Continue (S1)', () => {
    const h = createSimHarness()
    h.take()
    h.send('M600\n')
    h.advance(100)
    expect(h.take()).toEqual([
      '//action:paused',
      '//action:prompt_end',
      '//action:prompt_begin Nozzle Parked',
      '//action:prompt_button Continue',
      '//action:prompt_show',
    ])
    h.send('M876 S0\n')
    h.advance(100)
    const purge = [
      '//action:prompt_end',
      '//action:prompt_begin Paused',
      '//action:prompt_button Purge More',
      '//action:prompt_button Continue',
      '//action:prompt_show',
    ]
    expect(h.take()).toEqual(purge)
    h.send('M876 S0\n')
    h.advance(100)
    expect(h.take()).toEqual(purge)
    h.send('M876 S1\n')
    h.advance(100)
    // M600's ok, then one for each queued M876
    expect(h.take()).toEqual(['//action:prompt_end', '//action:resumed', 'ok', 'ok', 'ok', 'ok'])
  })
})
