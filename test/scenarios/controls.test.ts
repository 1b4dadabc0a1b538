// Scenarios: pause/resume/cancel at line boundaries, console commands between job lines, a long M109 with busy.

import { afterEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../../src/core/clock.js'
import { createEngineOnSim, drive, movesFile, nextEvent, roundTrips, type EngineOnSim } from './engine-on-sim.js'

let engine: EngineOnSim | null = null
afterEach(async () => {
  await engine?.close()
  engine = null
})

async function start(query: string, text: string, options = {}) {
  engine = createEngineOnSim(query, { sender: { okTimeoutMs: 500 }, progressIntervalMs: 20, ...options })
  await engine.printer.connect()
  const file = engine.writeFile('job.gcode', text)
  return engine.printer.startPrint({ jobId: 'job', path: file })
}

describe('print controls', () => {
  it('pauses at a line boundary, parks, resumes, and every job line still runs exactly once', async () => {
    const { text, commands } = movesFile(800)
    const { done } = await start('latencyMs=1&timeScale=0.05', text)
    const e = engine as EngineOnSim
    await nextEvent(e.printer, 'printer:progress', (p) => p.linesConfirmed > 200)
    await e.printer.pause()
    const pausedBy = performance.now() // the engine's clock is the system clock (performance.now())
    expect(e.printer.status().state).toBe('paused')
    const executedAtPause = e.sim().transcript.length
    const tail = e
      .sim()
      .transcript.slice(-8)
      .map((t) => t.command)
    expect(tail).toContain('M400')
    expect(tail).toContain('M114')
    expect(tail).toContain('G1 Z10 F600') // the pause script lifts by park.zLift
    await roundTrips(e.printer)
    // Nothing is fed while paused: after three round trips the firmware ran only the three M105s.
    expect(
      e
        .sim()
        .transcript.slice(executedAtPause)
        .map((t) => t.command),
    ).toEqual(['M105', 'M105', 'M105'])
    // The pause is counted at least from when pause() returned until now.
    const pausedAtLeast = performance.now() - pausedBy
    expect(e.printer.status().job?.pausedMs).toBeGreaterThanOrEqual(pausedAtLeast)
    await e.printer.resume()
    expect(e.printer.status().state).toBe('printing')
    const result = await done
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
  }, 20_000)

  it('cancels: stops feeding, runs the cancel script, never M112', async () => {
    const { done } = await start('latencyMs=1&timeScale=0.2', movesFile(3000).text)
    const e = engine as EngineOnSim
    await nextEvent(e.printer, 'printer:progress', (p) => p.linesConfirmed > 100)
    await e.printer.cancel()
    const result = await done
    expect(result.outcome).toBe('cancelled')
    expect(result.lastConfirmedLine).toBeLessThan(1000)
    const commandsRun = e.sim().transcript.map((t) => t.command)
    expect(commandsRun.slice(-7)).toEqual(['M104 S0', 'M140 S0', 'M107', 'G91', 'G1 Z10 F600', 'G90', 'M84'])
    expect(commandsRun).not.toContain('M112')
    expect(e.printer.status().state).toBe('operational')
    expect(e.sim().halted).toBe(false)
  }, 20_000)

  it('answers a console command between job lines', async () => {
    const { done } = await start('latencyMs=1&timeScale=0.05', movesFile(400).text, { flowMode: 'buffered' })
    const e = engine as EngineOnSim
    await nextEvent(e.printer, 'printer:progress', (p) => p.linesConfirmed > 100)
    const reply = await e.printer.sendCommand('M114')
    expect(reply.at(-1)).toMatch(/^ok/)
    expect(reply.some((l) => /X:[\d.]+ Y:[\d.]+ Z:0\.2/.test(l))).toBe(true)
    expect((await done).outcome).toBe('completed')
  }, 20_000)

  it('survives a long M109 with busy keep-alives under a short ok timeout', async () => {
    // On a fake clock shared with the simulator: a 200 ms ok timeout is simulated time, not a loaded machine's stalls.
    const clock = createFakeClock()
    const e = createEngineOnSim('latencyMs=1&heatRate=80&homeMs=500&residencyMs=1000', { sender: { okTimeoutMs: 200 }, progressIntervalMs: 20 }, clock)
    engine = e
    const busy: string[] = []
    e.printer.events.on('printer:console', (c) => void (c.line.startsWith('echo:busy') && busy.push(c.line)))
    await drive(clock, e.printer.connect())
    const text = ['M113 S1', 'M104 S0', 'G28', 'M109 S205', 'G1 X10 Y10 F3000', 'G1 X20 Y10', 'M104 S0'].join('\n') + '\n'
    const { done } = await drive(clock, e.printer.startPrint({ jobId: 'job', path: e.writeFile('job.gcode', text) }))
    const startedAt = clock.now()
    const result = await drive(clock, done)
    expect(result.outcome).toBe('completed')
    // The M109 held the line for seconds (heating 25 → 205 °C at 80 °C/s, then 1 s residency), far past the ok timeout.
    expect(clock.now() - startedAt).toBeGreaterThan(3000)
    expect(busy.length).toBeGreaterThan(0)
    expect(e.printer.status().link.timeouts).toBe(0)
    expect(e.sim().stats().busySent).toBeGreaterThan(0)
    expect(e.printer.status().temperatures?.tools[0]?.actual).toBeGreaterThan(150)
    await drive(clock, e.close())
    engine = null
  }, 20_000)
})
