import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { checksum } from '../protocol/checksum.js'
import type { ErrorCode } from '../core/errors.js'
import { parseReply } from '../protocol/reply.js'
import { firmwareProfileSchema, type FirmwareProfile } from '../profiles/schema.js'
import marlinJson from '../../firmware-profiles/marlin.json' with { type: 'json' }
import { CONSOLE_TURN_MS, createLinkSender, JOB_LINES_PER_CONSOLE_COMMAND } from './link-sender.js'
import type { JobLine } from './line-source.js'
import type { FlowMode } from './types.js'

function setup(options: { mode?: FlowMode; profile?: Partial<FirmwareProfile>; lines?: string[]; resync?: boolean } = {}) {
  const clock = createFakeClock()
  const profile = { ...firmwareProfileSchema().parse(marlinJson), ...options.profile }
  const written: string[] = []
  const confirmed: number[] = []
  const failures: { code: ErrorCode; reason: string }[] = []
  const notices: string[] = []
  const queue: JobLine[] = (options.lines ?? []).map((command, i) => ({ fileLine: i + 1, command, byteEnd: (i + 1) * 10, layer: null, z: null }))
  const sender = createLinkSender({
    clock,
    write: (wire) => written.push(wire),
    profile: () => profile,
    numbered: () => true,
    flowMode: () => options.mode ?? 'ping-pong',
    pullJobLine: () => queue.shift() ?? null,
    onJobLineConfirmed: (line) => confirmed.push(line.fileLine),
    onFailure: (code, reason) => failures.push({ code, reason }),
    onNotice: (message) => notices.push(message),
    ...(options.resync !== undefined ? { options: { resyncBeforeReplay: options.resync } } : {}),
  })
  const reply = (line: string) => sender.handleReply(parseReply(line), line)
  return { clock, sender, written, confirmed, failures, notices, reply, profile }
}

const moves = (count: number) => Array.from({ length: count }, (_, i) => `G1 X${i} Y${i}`)

describe('link sender', () => {
  it('ping-pong keeps exactly one line in flight', () => {
    const t = setup({ lines: moves(3) })
    t.sender.pump()
    expect(t.written).toEqual([`N1 G1 X0 Y0*${checksum('N1 G1 X0 Y0')}`])
    t.reply('ok')
    expect(t.written).toHaveLength(2)
    expect(t.written[1]).toMatch(/^N2 G1 X1 Y1\*\d+$/)
    expect(t.confirmed).toEqual([1])
  })

  it('buffered mode counts characters and command slots', () => {
    const t = setup({ mode: 'buffered', lines: moves(10) })
    t.sender.pump()
    // 16-byte lines: 4 slots bound the window before the 120-byte budget does
    expect(t.written).toHaveLength(4)
    t.reply('ok')
    expect(t.written).toHaveLength(5)
    const long = setup({ mode: 'buffered', lines: Array.from({ length: 10 }, (_, i) => `G1 X${i}.12345 Y${i}.12345 E0.123456 F1800`) })
    long.sender.pump()
    // 46 bytes each: two fit in 128 - 8
    expect(long.written).toHaveLength(2)
  })

  it('ADVANCED_OK line numbers recover a lost ok and B refines the window', () => {
    const t = setup({ mode: 'buffered', lines: moves(10) })
    t.sender.pump()
    t.reply('ok N2 P10 B0')
    expect(t.confirmed).toEqual([1, 2])
    // B0: only the two still in flight plus one more
    expect(t.sender.inFlightCount()).toBe(3)
  })

  /** Four lines in flight, line 1 confirmed, line 2 damaged: the printer asks for it again. */
  function resendOfLine2(resync: boolean) {
    const t = setup({ mode: 'buffered', lines: moves(10), profile: { okAfterResend: 'always' }, resync })
    t.sender.pump()
    expect(t.written).toHaveLength(4)
    t.reply('ok') // line 1
    t.written.length = 0
    t.reply('Error:checksum mismatch, Last Line: 1')
    t.reply('Resend: 2')
    t.reply('ok')
    return t
  }

  /** The same on OctoPrint's virtual printer (its words), with the resync on. */
  function virtualResendOfLine2() {
    const t = setup({ mode: 'buffered', lines: moves(10), profile: { okAfterResend: 'always' }, resync: true })
    t.sender.pump()
    t.reply('ok') // line 1
    t.written.length = 0
    for (const line of ['Error: Missing checksum', 'Resend:2', 'ok']) t.reply(line)
    return t
  }

  it('goes back N on a resend, ignores follow-on errors and the resend ok', () => {
    const t = resendOfLine2(false)
    expect(t.written[0]).toMatch(/^N2 /)
    t.reply('Error:Line Number is not Last Line Number+1, Last Line: 1')
    t.reply('Resend: 2') // follow-on for line 3 that was in flight: ignored
    t.reply('ok')
    const resentTwice = t.written.filter((w) => w.startsWith('N2 ')).length
    expect(resentTwice).toBe(1)
    for (let i = 0; i < 20 && t.confirmed.length < 10; i++) t.reply('ok')
    expect(t.confirmed).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(t.sender.stats.resends).toBe(2)
  })

  it('with resyncBeforeReplay, goes back N on a resend: sets the line counter back first, ignores follow-on errors and the resend ok', () => {
    const t = resendOfLine2(true)
    // Lines 3 to 5 were refused behind line 2: the counter goes back to 1 before the replay, alone on the wire.
    expect(t.written).toEqual(['N1 M110*34'])
    for (let i = 0; i < 3; i++) {
      t.reply('Error:Line Number is not Last Line Number+1, Last Line: 1')
      t.reply('Resend: 2') // follow-ons for lines 3, 4 and 5: ignored
      t.reply('ok')
    }
    expect(t.written).toHaveLength(1)
    t.reply('ok') // the M110
    expect(t.written[1]).toMatch(/^N2 /)
    for (let i = 0; i < 20 && t.confirmed.length < 10; i++) t.reply('ok')
    expect(t.confirmed).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(t.written.filter((w) => w.startsWith('N2 '))).toHaveLength(1)
    expect(t.sender.stats).toMatchObject({ resends: 4, followOnsIgnored: 3, resyncs: 1 })
  })

  it('treats "expected line N got M" (Repetier, OctoPrint\'s virtual printer) as a follow-on, not a new resend', () => {
    const t = virtualResendOfLine2()
    for (const refused of [3, 4, 5]) {
      t.reply(`Error: expected line 2 got ${refused}`) // in flight behind it
      t.reply('Resend:2')
      t.reply('ok')
    }
    t.reply('ok') // the M110
    expect(t.written.filter((w) => w.startsWith('N2 '))).toHaveLength(1)
    expect(t.sender.stats.followOnsIgnored).toBe(3)
  })

  it("a follow-on asking past the damaged line (the virtual printer's counter) is absorbed: the resync decides", () => {
    const t = virtualResendOfLine2()
    // Line 3 refused, line 4 damaged too (it asks for its counter + 1), line 5 refused.
    const answers = ['Error: expected line 2 got 3', 'Resend:2', 'ok', 'Error: Missing checksum', 'Resend:3', 'ok']
    for (const line of [...answers, 'Error: expected line 3 got 5', 'Resend:3', 'ok']) t.reply(line)
    expect(t.written.map((w) => w.split('*')[0])).toEqual(['N1 M110'])
    t.reply('ok') // the M110
    for (let i = 0; i < 4; i++) t.reply('ok')
    expect(t.written.map((w) => w.split('*')[0]).slice(0, 5)).toEqual(['N1 M110', 'N2 G1 X1 Y1', 'N3 G1 X2 Y2', 'N4 G1 X3 Y3', 'N5 G1 X4 Y4'])
    expect(t.confirmed).toEqual([1, 2, 3, 4, 5])
    expect(t.failures).toEqual([])
  })

  it('sends the resync again when the printer refused it, before any replayed line', () => {
    const t = virtualResendOfLine2()
    for (const refused of [3, 4, 5]) {
      t.reply(`Error: expected line 2 got ${refused}`)
      t.reply('Resend:2')
      t.reply('ok')
    }
    t.reply('Error: Missing checksum') // the M110 damaged: its counter counted lines 3 to 5
    t.reply('Resend:5')
    t.reply('ok')
    expect(t.written.map((w) => w.split('*')[0])).toEqual(['N1 M110', 'N1 M110'])
    t.reply('ok')
    expect(t.written[2]).toMatch(/^N2 /)
  })

  it('fails the job when the printer asks to resume past the last line sent: it would skip lines', () => {
    const t = setup({ mode: 'buffered', lines: moves(10), profile: { okAfterResend: 'always' } })
    t.sender.pump()
    t.reply('Error: Missing checksum')
    t.reply('Resend:7')
    expect(t.failures.map((f) => f.code)).toEqual(['RESEND_SKIPS_LINES'])
  })

  it('synthesises the ok after a resend when the firmware omits it (detect)', () => {
    const t = setup({ lines: moves(3), profile: { okAfterResend: 'detect' } })
    t.sender.pump()
    t.reply('Resend: 1')
    expect(t.written).toHaveLength(1) // ping-pong waits for the ok that should follow
    t.clock.advance(500)
    expect(t.written).toHaveLength(2)
    expect(t.written[1]).toMatch(/^N1 /)
    expect(t.sender.stats.synthesisedOks).toBe(1)
    t.reply('ok')
    t.reply('ok')
    t.reply('ok')
    expect(t.confirmed).toEqual([1, 2, 3])
  })

  it('ends with RESEND_LOOP when the same line is requested over and over', () => {
    const t = setup({ lines: moves(3), profile: { okAfterResend: 'always' } })
    t.sender.pump()
    for (let i = 0; i < 10; i++) {
      t.reply('Resend: 1')
      t.reply('ok')
    }
    expect(t.failures.map((f) => f.code)).toEqual(['RESEND_LOOP'])
  })

  it('treats a lost ok as a timeout and ends after consecutive timeouts', () => {
    const t = setup({ lines: moves(10) })
    t.sender.pump()
    t.clock.advance(29_000)
    t.sender.tick()
    expect(t.sender.stats.timeouts).toBe(0)
    t.clock.advance(2_000)
    t.sender.tick()
    expect(t.sender.stats.timeouts).toBe(1)
    expect(t.confirmed).toEqual([1])
    expect(t.written).toHaveLength(2)
    for (let i = 0; i < 4; i++) {
      t.clock.advance(30_000)
      t.sender.tick()
    }
    expect(t.failures.map((f) => f.code)).toEqual(['PRINTER_TIMEOUT'])
    expect(t.failures[0]?.reason).toMatch(/5 consecutive timeouts/)
  })

  it('gives long commands their own timeout and lets busy keep them alive', () => {
    const t = setup({ lines: ['M109 S210', 'G1 X1'] })
    t.sender.pump()
    t.clock.advance(60_000)
    t.sender.tick()
    expect(t.sender.stats.timeouts).toBe(0)
    for (let i = 0; i < 10; i++) {
      t.clock.advance(2000)
      t.reply('echo:busy: processing')
      t.sender.tick()
    }
    expect(t.sender.stats.timeouts).toBe(0)
    t.clock.advance(6000)
    t.sender.tick()
    expect(t.sender.stats.timeouts).toBe(1)
  })

  it('a console command waits its turn behind print lines, but never longer than CONSOLE_TURN_MS', () => {
    const t = setup({ lines: moves(100) })
    t.sender.pump()
    void t.sender.enqueue('M117 first', { yieldToJob: true })
    t.reply('ok')
    expect(t.written.at(-1)).toMatch(/^N\d+ M117 first\*/)
    t.reply('ok')
    void t.sender.enqueue('M290 Z0.02', { yieldToJob: true })
    // Fast oks: the next console command goes after JOB_LINES_PER_CONSOLE_COMMAND job lines.
    for (let i = 0; i < JOB_LINES_PER_CONSOLE_COMMAND - 1; i++) t.reply('ok')
    expect(t.written.some((w) => w.includes('M290'))).toBe(false)
    t.reply('ok')
    expect(t.written.at(-1)).toMatch(/M290 Z0\.02/)
    t.reply('ok')
    // Slow job lines (long moves): after CONSOLE_TURN_MS the next acknowledgement lets it go.
    void t.sender.enqueue('M220 S90', { yieldToJob: true })
    t.reply('ok')
    expect(t.written.some((w) => w.includes('M220'))).toBe(false)
    t.clock.advance(CONSOLE_TURN_MS)
    t.reply('ok')
    expect(t.written.at(-1)).toMatch(/M220 S90/)
  })

  it('sends a console command between job lines and collects its replies', async () => {
    const t = setup({ mode: 'buffered', lines: moves(3) })
    t.sender.pump()
    const pending = t.sender.enqueue('M114', { barrier: true })
    t.reply('ok')
    t.reply('ok')
    t.reply('ok')
    expect(t.written.at(-1)).toMatch(/^N4 M114\*/)
    t.reply('X:1.00 Y:2.00 Z:3.00 E:0.00 Count X:0 Y:0 Z:0')
    t.reply('ok')
    await expect(pending).resolves.toEqual(['X:1.00 Y:2.00 Z:3.00 E:0.00 Count X:0 Y:0 Z:0', 'ok'])
  })

  it('resets line numbers with the profile form', async () => {
    const t = setup({ lines: [] })
    const done = t.sender.resetLineNumbers()
    expect(t.written).toEqual(['N0 M110 N0*125'])
    t.reply('ok')
    await done
    void t.sender.enqueue('M105')
    expect(t.written[1]).toMatch(/^N1 M105\*/)
  })

  it('fails a resend beyond the kept history', () => {
    const t = setup({ lines: moves(100) })
    t.sender.pump()
    for (let i = 0; i < 90; i++) t.reply('ok')
    t.reply('Resend: 3')
    expect(t.failures.map((f) => f.code)).toEqual(['RESEND_HISTORY_EXHAUSTED'])
  })

  it('sends a damaged line-number reset again instead of trusting it', async () => {
    const t = setup({ lines: [], profile: { okAfterResend: 'always' } })
    const done = t.sender.resetLineNumbers()
    t.reply('Error:checksum mismatch, Last Line: 41')
    t.reply('Resend: 42')
    t.reply('ok')
    expect(t.written).toEqual(['N0 M110 N0*125', 'N0 M110 N0*125'])
    t.reply('ok')
    await expect(done).resolves.toEqual(['ok'])
  })

  it('does not count the ok of a line fragment the firmware ran as one of ours', () => {
    const t = setup({ mode: 'buffered', lines: moves(4), profile: { okAfterResend: 'always' } })
    t.sender.pump()
    t.reply('echo:Unknown command: "0 Y10 E0.02"')
    t.reply('ok')
    expect(t.confirmed).toEqual([])
    expect(t.sender.stats.fragmentsRun).toBe(1)
    t.reply('ok')
    expect(t.confirmed).toEqual([1])
  })

  it('re-issues the line-number reset before resetEvery is exceeded', () => {
    const t = setup({ lines: moves(8), profile: { lineNumbers: { resetForm: 'both', resetEvery: 3, wrapLimit: 65535, resyncBeforeReplay: false } } })
    t.sender.pump()
    for (let i = 0; i < 12; i++) t.reply('ok')
    expect(t.written.map((w) => w.split(' ')[0])).toEqual(['N1', 'N2', 'N3', 'N0', 'N1', 'N2', 'N3', 'N0', 'N1', 'N2'])
    expect(t.confirmed).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('falls back to one line in flight after a resend with several lines in flight', () => {
    const t = setup({ mode: 'buffered', lines: moves(10), profile: { okAfterResend: 'always' } })
    t.sender.pump()
    expect(t.sender.effectiveMode()).toBe('buffered')
    t.reply('Error:checksum mismatch, Last Line: 0')
    t.reply('Resend: 1')
    expect(t.sender.effectiveMode()).toBe('ping-pong')
    t.clock.advance(60_000)
    expect(t.sender.effectiveMode()).toBe('buffered')
  })

  it('shortens the lost-ok timeout of ordinary commands once busy keep-alives are known', () => {
    const t = setup({ lines: ['M109 S200', 'G1 X1', 'G1 X2'] })
    t.sender.pump()
    t.reply('echo:busy: processing')
    t.reply('ok')
    expect(t.written).toHaveLength(2)
    t.clock.advance(4000)
    t.sender.tick()
    expect(t.sender.stats.timeouts).toBe(0)
    t.clock.advance(1500)
    t.sender.tick()
    expect(t.sender.stats.timeouts).toBe(1) // 5 s (busyMs), not 30 s
    expect(t.confirmed).toEqual([1, 2])
  })

  describe('detection: oks and echoes that belong to no line in flight', () => {
    it('an ok with nothing in flight is an anomaly: noticed, and buffered drops to one line in flight', () => {
      const t = setup({ mode: 'buffered', lines: moves(10) })
      t.reply('ok')
      expect(t.sender.stats.strayOks).toBe(1)
      expect(t.notices[0]).toMatch(/one line in flight.*no line in flight/)
      expect(t.sender.effectiveMode()).toBe('ping-pong')
      t.sender.pump()
      expect(t.written).toHaveLength(1)
    })

    it('with ADVANCED_OK, an ok N that does not advance is not credited to a line in flight', () => {
      const t = setup({ mode: 'buffered', lines: moves(10) })
      t.sender.pump()
      t.reply('ok N2 P10 B2')
      expect(t.confirmed).toEqual([1, 2])
      t.reply('ok N1 P10 B2')
      expect(t.confirmed).toEqual([1, 2])
      expect(t.sender.stats.strayOks).toBe(1)
      expect(t.sender.effectiveMode()).toBe('ping-pong')
    })

    it('with ADVANCED_OK, an ok without N answers an unnumbered line, never the numbered one in flight', () => {
      const t = setup({ lines: moves(3) })
      t.sender.pump()
      t.reply('ok P15 B3')
      expect(t.confirmed).toEqual([])
      expect(t.sender.stats.strayOks).toBe(1)
      t.reply('ok N1 P15 B3')
      expect(t.confirmed).toEqual([1])
    })

    it('matches unknown-command echoes exactly: a prefix of a line in flight is a fragment, its ok absorbed', () => {
      const t = setup({ lines: ['M999 X1 Y2', 'G1 X5'] })
      t.sender.pump()
      t.reply('echo:Unknown command: "M999 X1"')
      expect(t.sender.stats.fragmentsRun).toBe(1)
      t.reply('ok') // the fragment's
      expect(t.confirmed).toEqual([])
      t.reply('echo:Unknown command: "M999 X1 Y2"')
      expect(t.sender.stats.fragmentsRun).toBe(1)
      t.reply('ok')
      expect(t.confirmed).toEqual([1])
      t.reply('echo:Unknown command: ""')
      expect(t.sender.stats.fragmentsRun).toBe(2)
    })

    it('an urgent M108 gets its own entry: its ok is absorbed and ping-pong keeps one job line in flight', () => {
      const t = setup({ lines: moves(3) })
      t.sender.pump()
      t.sender.writeUrgent('M108')
      expect(t.written).toEqual([expect.stringMatching(/^N1 /), 'M108'])
      t.reply('ok') // line 1
      expect(t.confirmed).toEqual([1])
      expect(t.written).toHaveLength(2)
      t.reply('ok') // M108's own
      expect(t.written).toHaveLength(3)
      t.reply('ok')
      expect(t.confirmed).toEqual([1, 2])
      expect(t.sender.stats.strayOks).toBe(0)
      t.sender.writeUrgent('M112')
      expect(t.sender.inFlightCount()).toBe(1)
    })
  })

  it('keeps the longest wait between ordinary job lines, not after long commands or barriers, per print', () => {
    const t = setup({ lines: ['G1 X1', 'G1 X2', 'M109 S200', 'G1 X3', 'G1 X4', 'G1 X5'] })
    const okAfter = (ms: number) => (t.clock.advance(ms), t.reply('ok'))
    t.sender.pump()
    okAfter(10) // N2 after 10 ms
    okAfter(40) // N3 (M109) after 40 ms
    okAfter(60_000) // N4 after the heater wait: intended, not counted
    okAfter(5) // N5 after 5 ms
    void t.sender.enqueue('M400', { barrier: true })
    okAfter(3) // the barrier goes once N5 is confirmed
    okAfter(1000) // N6 after the barrier's wait: not counted
    expect(t.written.map((w) => w.split('*')[0])).toEqual(['N1 G1 X1', 'N2 G1 X2', 'N3 M109 S200', 'N4 G1 X3', 'N5 G1 X4', 'N6 M400', 'N7 G1 X5'])
    expect(t.sender.stats.longestSendGapMs).toBe(40)
    t.sender.stats.newJob()
    expect(t.sender.stats.longestSendGapMs).toBe(0)
  })
})
