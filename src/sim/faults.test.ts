// Fault injection: corrupted bytes, lost oks, reset/disconnect/busy storm/thermal runaway at a line; transcript.
import { describe, expect, it } from 'vitest'
import { createSimHarness, frame, type SimHarness } from './sim-harness.js'
import { THERMAL_RUNAWAY } from './sim-printer.js'
import { createFaultInjector } from './fault-injector.js'
import { createRandom } from '../core/random.js'

/**
 * A minimal one-line-in-flight host: numbered lines, go back on `Resend:`, and after 2 s of
 * silence (longer than a full planner holds back a move's ok) assume the ok was lost (only an ok is ever lost; a refused line always says `Resend:`).
 * Stops at `start` (a reset), as a real host ends the job.
 */
function streamFile(h: SimHarness, commands: string[]): { done: () => boolean } {
  let next = 1
  let stopped = false
  let timer = h.clock.setTimeout(() => undefined, 0)
  const sendNext = (): void => {
    h.clock.clearTimeout(timer)
    const command = commands[next - 1]
    if (command === undefined || stopped || h.sim.disconnected || h.sim.halted) return
    h.send(`${frame(next, command)}\n`)
    next++
    timer = h.clock.setTimeout(sendNext, 2000)
  }
  h.sim.events.on('output', (line) => {
    const resend = /^Resend: (\d+)/.exec(line)
    if (line === 'start') stopped = true
    else if (resend) next = Number(resend[1])
    else if (line.startsWith('ok')) h.clock.setTimeout(sendNext, 0)
  })
  h.send(`${frame(0, 'M110 N0')}\n`)
  return { done: () => next > commands.length }
}

const file = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `G1 X${(i % 100) + 0.5} Y${(i % 37) * 1.25} E${(i * 0.0123).toFixed(4)} F3600`)
const numbered = (h: SimHarness): (number | null)[] => h.sim.transcript.map((e) => e.lineNumber).filter((n) => n !== 0)

describe('fault injection', () => {
  it('with 1 % corrupted bytes and 0.5 % lost oks, every line still runs exactly once, in order', () => {
    const h = createSimHarness({ baud: 250000, latencyMs: 3, corrupt: 0.01, dropOk: 0.005, seed: 7 })
    h.advance(10)
    const commands = file(1000)
    const host = streamFile(h, commands)
    h.advance(120_000)
    expect(host.done()).toBe(true)
    expect(numbered(h)).toEqual(commands.map((_, i) => i + 1))
    expect(h.sim.transcript.slice(1).map((e) => e.command)).toEqual(commands)
    const stats = h.sim.stats()
    expect(stats.corruptedBytes).toBeGreaterThan(100)
    expect(stats.resendsRequested).toBeGreaterThanOrEqual(stats.corruptedBytes)
    expect(stats.okDropped).toBeGreaterThan(0)
  })

  it('is deterministic for a seed', () => {
    const run = (): number => {
      const h = createSimHarness({ corrupt: 0.02, seed: 3 })
      streamFile(h, file(200))
      h.advance(60_000)
      return h.sim.stats().resendsRequested
    }
    expect(run()).toBe(run())
  })

  it('resets at line N: `start` mid-print, line numbers and queues cleared', () => {
    const h = createSimHarness({ resetAtLine: 10 })
    h.take()
    streamFile(h, file(20))
    h.advance(5_000)
    expect(h.take()).toContain('start')
    expect(numbered(h)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    h.sendLine(1, 'M105')
    h.advance(1)
    expect(h.take().at(-1)).toMatch(/^ok T:/)
  })

  it('pulls the cable at line N: the host is told, writes fail, nothing more runs', () => {
    const h = createSimHarness({ disconnectAtLine: 5 })
    streamFile(h, file(20))
    h.advance(5_000)
    expect(h.disconnected).toBe(true)
    expect(h.sim.disconnected).toBe(true)
    expect(numbered(h)).toEqual([1, 2, 3, 4])
    expect(() => h.send('M105\n')).toThrow(/disconnected/)
  })

  it('busy storm at line N: the line blocks with busy every 100 ms, then runs once', () => {
    const h = createSimHarness({ busyStorm: 3, busyStormMs: 1000 })
    h.take()
    streamFile(h, ['G21', 'G21', 'G21', 'G21'])
    h.advance(999)
    const during = h.take()
    expect(during.filter((l) => l === 'echo:busy: processing')).toHaveLength(9)
    expect(numbered(h)).toEqual([1, 2, 3])
    h.advance(10)
    expect(numbered(h)).toEqual([1, 2, 3, 4])
  })

  it("thermal runaway at line N: Marlin's two error lines, then deaf", () => {
    const h = createSimHarness({ thermalRunawayAtLine: 4 })
    h.take()
    streamFile(h, file(10))
    h.advance(1_000)
    const lines = h.take()
    expect(lines.slice(-2)).toEqual([THERMAL_RUNAWAY, 'Error:Printer halted. kill() called!'])
    expect(THERMAL_RUNAWAY).toBe('Error:Thermal Runaway, system stopped! Heater_ID: 0')
    expect(h.sim.halted).toBe(true)
    expect(numbered(h)).toEqual([1, 2, 3])
  })

  it('injects a firmware line such as a host action command', () => {
    const h = createSimHarness({ latencyMs: 2 })
    h.advance(5)
    h.take()
    h.sim.inject('//action:pause')
    h.advance(3)
    expect(h.take()).toEqual(['//action:pause'])
  })

  it('run-time knobs: drop every ok, then a busy storm on the next command', () => {
    const h = createSimHarness()
    h.take()
    h.sim.setDropOkRate(1)
    h.send('G21\nG21\n')
    h.advance(1)
    expect(h.take()).toEqual([])
    expect(h.sim.stats().okDropped).toBe(2)
    h.sim.setDropOkRate(0)
    h.sim.busyStorm(300)
    h.send('G21\n')
    h.advance(299)
    expect(h.take()).toEqual(['echo:busy: processing', 'echo:busy: processing'])
    h.advance(2)
    expect(h.take()).toEqual(['ok'])
  })
})

describe('payload-only corruption (corruptPayload)', () => {
  it('never touches a line past its `*`, so every damaged line fails its checksum, never loses it', () => {
    const injector = createFaultInjector(createRandom(5), { corrupt: 0.5, corruptPayload: true, dropOk: 0, dropByte: 0, replyGarble: 0, replyMerge: 0 }, {})
    for (let n = 1; n <= 200; n++) {
      const line = `${frame(n, `G1 X${n} Y${n * 2} E0.0${n % 9}`)}\n`
      const star = line.indexOf('*')
      const received = Buffer.from([...Buffer.from(line)].map((b) => injector.receiveByte(b) ?? -1))
      expect(received.subarray(star).toString()).toBe(line.slice(star))
    }
    expect(injector.corruptedBytes).toBeGreaterThan(100)
  })
})
