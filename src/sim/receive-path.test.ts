// Marlin's receive path in the simulator: the drain that cuts a line, merged input, noisy replies.
import { describe, expect, it } from 'vitest'
import { checksum } from '../protocol/checksum.js'
import { createFaultInjector } from './fault-injector.js'
import { createSimHarness, frame } from './sim-harness.js'

/** A numbered line with a wrong checksum, padded so that it is exactly `length` bytes with its line end. */
function badLine(n: number, length: number): string {
  for (let digits = 1; ; digits++) {
    const body = `N${n} G1 X${'1'.padEnd(digits, '0')}`
    const wrong = (checksum(body) + 1) % 128
    const line = `${body}*${wrong}\n`
    if (line.length === length) return line
    if (line.length > length) throw new Error('cannot pad')
  }
}

describe('receive-buffer drain after a line error', () => {
  // 250000 baud: 25 bytes reach the UART per millisecond, and the main loop reads them as they come.
  it('turns the tail of a line cut at its G-word into an unnumbered, valid G1 that runs', () => {
    const h = createSimHarness({ baud: 250000 })
    h.advance(20)
    h.take()
    // 22 bytes of a bad line, then `N2 ` completes the first 25-byte millisecond; `G1 X5 Y5*cs` is still on the wire.
    h.send(badLine(1, 22) + `${frame(2, 'G1 X5 Y5')}\n`)
    h.advance(5)
    expect(h.take().slice(0, 2)).toEqual(['Error:checksum mismatch, Last Line: 0', 'Resend: 1'])
    const tail = h.sim.transcript.at(-1)
    expect(tail).toMatchObject({ lineNumber: null, command: 'G1 X5 Y5', fragment: true })
    expect(h.sim.state().position.x).toBe(5)
    expect(h.sim.stats()).toMatchObject({ lineErrors: 1, cutLines: 1, tailsExecuted: 1, tailsRejected: 0 })
  })

  it('a tail cut anywhere else is refused as an unknown command', () => {
    const h = createSimHarness({ baud: 250000 })
    h.advance(20)
    h.take()
    // The cut falls after `N2 G1 X`: the tail `5 Y5*cs` is no command.
    h.send(badLine(1, 18) + `${frame(2, 'G1 X5 Y5')}\n`)
    h.advance(5)
    expect(h.take()).toContain('echo:Unknown command: "5 Y5"')
    expect(h.sim.stats()).toMatchObject({ cutLines: 1, tailsExecuted: 0, tailsRejected: 1 })
    expect(h.sim.state().position.x).toBe(0)
  })

  it('a line that arrives whole after the drain is a sequence error, not a tail', () => {
    const h = createSimHarness({ baud: 250000 })
    h.advance(20)
    h.take()
    h.send(badLine(1, 25) + `${frame(2, 'G1 X5')}\n`)
    h.advance(20)
    expect(h.take().slice(0, 5)).toEqual([
      'Error:checksum mismatch, Last Line: 0',
      'Resend: 1',
      'ok',
      'Error:Line Number is not Last Line Number+1, Last Line: 0',
      'Resend: 1',
    ])
    expect(h.sim.stats()).toMatchObject({ cutLines: 0, tailsExecuted: 0 })
  })

  it('two lines merged by a lost line end fail the checksum; the command ends at the first `*`', () => {
    const h = createSimHarness()
    h.take()
    h.send(`${frame(1, 'G1 X1')}${frame(2, 'G1 X2')}\n`)
    h.advance(1)
    expect(h.take()).toEqual(['Error:checksum mismatch, Last Line: 0', 'Resend: 1', 'ok'])
    h.send(`${frame(1, 'G1 X1')}\n${frame(2, 'G1 X2')}\n`)
    h.advance(100)
    expect(h.sim.transcript.map((e) => e.command)).toEqual(['G1 X1', 'G1 X2'])
  })
})

describe('noise on the wire', () => {
  const always = () => 0
  const rates = { corrupt: 0, dropOk: 0, dropByte: 0, replyGarble: 0, replyMerge: 0 }

  it('drops at most one byte a line, never its first; a dropped line end merges it with the next', () => {
    const injector = createFaultInjector(always, { ...rates, dropByte: 1 }, {})
    const received = [...Buffer.from('N1 G1\nN2 G1\n')].map((b) => injector.receiveByte(b))
    const kept = Buffer.from(received.filter((b): b is number => b !== null)).toString('latin1')
    expect(kept).toBe('N G1\nN G1\n')
    expect(injector.droppedBytes).toBe(2)
    const merging = createFaultInjector(always, { ...rates, dropByte: 1 }, {})
    // With the line's one fault spent on its line end, the next line continues the merged one.
    const ends = [...Buffer.from('N\nN2\n')].map((b) => merging.receiveByte(b))
    expect(ends.filter((b) => b === null)).toHaveLength(1)
  })

  it('garbles one byte of a reply or drops its line end so it runs into the next', () => {
    const garbling = createFaultInjector(always, { ...rates, replyGarble: 1 }, {})
    const garbled = garbling.replyBytes('ok').toString('latin1')
    expect(garbled).toMatch(/^[^o]k\n$/)
    const merging = createFaultInjector(always, { ...rates, replyMerge: 1 }, {})
    expect(merging.replyBytes('ok').toString('latin1')).toBe('ok')
    expect(merging.mergedReplies).toBe(1)
  })

  it('a seeded noisy link reports what it did in both directions', () => {
    const h = createSimHarness({ dropByte: 0.02, corrupt: 0.02, replyGarble: 0.05, replyMerge: 0.05, seed: 5 })
    for (let i = 1; i <= 200; i++) h.send(`${frame(i, `G1 X${i}`)}\n`)
    h.advance(60_000)
    const stats = h.sim.stats()
    expect(stats.lostBytes).toBeGreaterThan(5)
    expect(stats.corruptedBytes).toBeGreaterThan(5)
    expect(stats.garbledReplies).toBeGreaterThan(2)
    expect(stats.mergedReplies).toBeGreaterThan(2)
    expect(stats.lineErrors).toBeGreaterThan(5)
  })
})
