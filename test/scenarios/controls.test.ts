// Scenarios: pause/resume/cancel at line boundaries, console commands between job lines, a long M109 with busy.

import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock, type FakeClock } from '../../src/core/clock.js'
import type { PrinterServiceOptions } from '../../src/printer/printer-service.js'
import type { PrinterEvents } from '../../src/printer/types.js'
import { createEngineOnSim, drive, movesFile, nextEvent, roundTrips, type EngineOnSim } from './engine-on-sim.js'

// Engine and simulator share one fake clock driven 1 ms per event-loop turn: every timeout (the sender's ok timeout, the
// pause's waits) is simulated time, so a loaded machine slows a scenario down but cannot change what it sees.
let engine: EngineOnSim | null = null
let clock: FakeClock = createFakeClock()
afterEach(async () => {
  if (engine) await drive(clock, engine.close())
  engine = null
})

function onSim(query: string, options: Partial<PrinterServiceOptions> = {}): EngineOnSim {
  clock = createFakeClock()
  engine = createEngineOnSim(query, { sender: { okTimeoutMs: 500 }, progressIntervalMs: 20, ...options }, clock)
  return engine
}

async function start(e: EngineOnSim, text: string) {
  await drive(clock, e.printer.connect())
  return drive(clock, e.printer.startPrint({ jobId: 'job', path: e.writeFile('job.gcode', text) }))
}

const progressPast = (e: EngineOnSim, lines: number) =>
  drive(
    clock,
    nextEvent(e.printer, 'printer:progress', (p: PrinterEvents['printer:progress']) => p.linesConfirmed > lines, 10_000, clock),
  )

describe('print controls', () => {
  it('pauses at a line boundary, parks, resumes, and every job line still runs exactly once', async () => {
    const { text, commands } = movesFile(800)
    const e = onSim('latencyMs=1&timeScale=0.05')
    const { done } = await start(e, text)
    await progressPast(e, 200)
    await drive(clock, e.printer.pause())
    const pausedBy = clock.now()
    expect(e.printer.status().state).toBe('paused')
    const executedAtPause = e.sim().transcript.length
    const tail = e
      .sim()
      .transcript.slice(-8)
      .map((t) => t.command)
    expect(tail).toContain('M400')
    expect(tail).toContain('M114')
    expect(tail).toContain('G1 Z10 F600') // the pause script lifts by park.zLift
    await drive(clock, roundTrips(e.printer))
    // Nothing is fed while paused: after three round trips the firmware ran only the three M105s.
    expect(
      e
        .sim()
        .transcript.slice(executedAtPause)
        .map((t) => t.command),
    ).toEqual(['M105', 'M105', 'M105'])
    // The pause is counted at least from when pause() returned until now.
    const pausedAtLeast = clock.now() - pausedBy
    expect(pausedAtLeast).toBeGreaterThan(0)
    expect(e.printer.status().job?.pausedMs).toBeGreaterThanOrEqual(pausedAtLeast)
    await drive(clock, e.printer.resume())
    expect(e.printer.status().state).toBe('printing')
    const result = await drive(clock, done)
    expect(result.outcome).toBe('completed')
    // Job moves are the only commands with F12000 (the scripts park and return at F6000).
    const jobMove = (c: string) => /^G1 X.* F12000$/.test(c)
    expect(
      e
        .sim()
        .transcript.map((t) => t.command)
        .filter(jobMove),
    ).toEqual(commands.filter(jobMove))
    const resumed = e
      .sim()
      .transcript.slice(executedAtPause)
      .map((t) => t.command)
    expect(resumed.some((c) => /^G92 E/.test(c))).toBe(true)
  }, 60_000)

  it('cancels: stops feeding, runs the cancel script, never M112', async () => {
    const e = onSim('latencyMs=1&timeScale=0.2')
    const { done } = await start(e, movesFile(3000).text)
    await progressPast(e, 100)
    await drive(clock, e.printer.cancel())
    const result = await drive(clock, done)
    expect(result.outcome).toBe('cancelled')
    expect(result.lastConfirmedLine).toBeLessThan(1000)
    const commandsRun = e.sim().transcript.map((t) => t.command)
    expect(commandsRun.slice(-7)).toEqual(['M104 S0', 'M140 S0', 'M107', 'G91', 'G1 Z10 F600', 'G90', 'M84'])
    expect(commandsRun).not.toContain('M112')
    expect(e.printer.status().state).toBe('operational')
    expect(e.sim().halted).toBe(false)
  }, 60_000)

  it('answers a console command between job lines', async () => {
    const e = onSim('latencyMs=1&timeScale=0.05', { flowMode: 'buffered' })
    const { done } = await start(e, movesFile(400).text)
    await progressPast(e, 100)
    const reply = await drive(clock, e.printer.sendCommand('M114'))
    expect(reply.at(-1)).toMatch(/^ok/)
    expect(reply.some((l) => /X:[\d.]+ Y:[\d.]+ Z:0\.2/.test(l))).toBe(true)
    expect((await drive(clock, done)).outcome).toBe('completed')
  }, 60_000)

  it('survives a long M109 with busy keep-alives under a short ok timeout', async () => {
    // A 200 ms ok timeout is simulated time, not a loaded machine's stalls.
    const e = onSim('latencyMs=1&heatRate=80&homeMs=500&residencyMs=1000', { sender: { okTimeoutMs: 200 } })
    const busy: string[] = []
    e.printer.events.on('printer:console', (c) => void (c.line.startsWith('echo:busy') && busy.push(c.line)))
    const text = ['M113 S1', 'M104 S0', 'G28', 'M109 S205', 'G1 X10 Y10 F3000', 'G1 X20 Y10', 'M104 S0'].join('\n') + '\n'
    const { done } = await start(e, text)
    const startedAt = clock.now()
    const result = await drive(clock, done)
    expect(result.outcome).toBe('completed')
    // The M109 held the line for seconds (heating 25 → 205 °C at 80 °C/s, then 1 s residency), far past the ok timeout.
    expect(clock.now() - startedAt).toBeGreaterThan(3000)
    expect(busy.length).toBeGreaterThan(0)
    expect(e.printer.status().link.timeouts).toBe(0)
    expect(e.sim().stats().busySent).toBeGreaterThan(0)
    expect(e.printer.status().temperatures?.tools[0]?.actual).toBeGreaterThan(150)
  }, 60_000)
})
