// Time in the simulated Marlin: planner back-pressure, underruns, heater waits with busy, emergency parser.
import { describe, expect, it } from 'vitest'
import { createSimHarness, type SimHarness } from './sim-harness.js'

const oks = (lines: string[]): number => lines.filter((l) => l.startsWith('ok')).length

/** A one-line-in-flight host that waits `thinkMs` after each ok before sending the next line. */
function pingPong(h: SimHarness, commands: string[], thinkMs: number): void {
  let next = 0
  const sendNext = (): void => {
    const command = commands[next++]
    if (command !== undefined) h.send(`${command}\n`)
  }
  h.sim.events.on('output', (line) => {
    if (line.startsWith('ok')) h.clock.setTimeout(sendNext, thinkMs)
  })
  sendNext()
}

describe('planner timing', () => {
  it("sends a move's ok when it enters the planner, so a full planner delays the ok", () => {
    const h = createSimHarness({ planner: 4 })
    h.take()
    h.send('G1 X10 F600\nG1 X20\nG1 X30\nG1 X40\nG1 X50\nM400\n')
    h.advance(1)
    expect(oks(h.take())).toBe(3)
    h.advance(998)
    expect(oks(h.take())).toBe(0)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
    h.advance(1000)
    expect(oks(h.take())).toBe(1)
    h.advance(2998)
    expect(oks(h.take())).toBe(0)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
    expect(h.sim.state().position.x).toBe(50)
  })

  it('honours G91, M83 and modal F when timing moves', () => {
    const h = createSimHarness()
    h.take()
    h.send('G91\nG1 X3 Y4 F600\nG1 X3 Y4\nM83\nG90\nG1 E5 F300\nM400\n')
    h.advance(1999)
    expect(oks(h.take())).toBe(6)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
    expect(h.sim.state().position).toEqual({ x: 6, y: 8, z: 0, e: 5 })
  })

  it('times a G2 arc by its length', () => {
    const h = createSimHarness()
    h.take()
    h.send('G2 X10 Y0 I5 J0 F600\nM400\n')
    const expected = ((Math.PI * 5) / 10) * 1000
    h.advance(expected - 1)
    expect(oks(h.take())).toBe(1)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
  })

  it('G28 and G4 take their time after the planner drains', () => {
    const h = createSimHarness({ homeMs: 500 })
    h.take()
    h.send('G1 X10 F600\nG28\nG4 P250\n')
    h.advance(1499)
    expect(oks(h.take())).toBe(1)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
    h.advance(250)
    expect(oks(h.take())).toBe(1)
  })

  it('counts underruns when a slow host lets the planner run dry between moves', () => {
    const h = createSimHarness()
    h.take()
    const moves = Array.from({ length: 20 }, (_, i) => `G1 X${(i + 1) * 0.2} F3600`)
    pingPong(h, moves, 10)
    h.advance(1000)
    const stats = h.sim.stats()
    expect(stats.commandsExecuted).toBe(20)
    expect(stats.underruns).toBe(19)
    expect(stats.underrunMs).toBeCloseTo(19 * (10 - 200 / 60), 6)
    expect(stats.maxMoveGapMs).toBeCloseTo(10, 6)
    expect(stats.plannerDepthAtMove[0]).toBe(20)
  })

  it('counts no underrun when the host keeps the planner fed, nor across G4/M109', () => {
    const h = createSimHarness()
    h.take()
    const moves = Array.from({ length: 50 }, (_, i) => `G1 X${(i + 1) * 0.2} F3600`)
    pingPong(h, [...moves.slice(0, 25), 'G4 P100', ...moves.slice(25)], 0)
    h.advance(1000)
    const stats = h.sim.stats()
    expect(stats).toMatchObject({ commandsExecuted: 51, underruns: 0 })
    // With no host delay the moves pile up: most start with the planner well stocked.
    expect(stats.plannerDepthAtMove.reduce((a, b) => a + b, 0)).toBe(50)
    expect(stats.plannerDepthAtMove.slice(10).reduce((a, b) => a + b, 0)).toBeGreaterThan(25)
  })
})

describe('heater waits', () => {
  it('M109 blocks until the hotend is within 1 °C, with busy every 2 s and temperature lines every second', () => {
    const h = createSimHarness({ heatRate: 10, residencyMs: 0 })
    h.take()
    h.send('M109 S211.3\nM105\n')
    h.advance(18_899)
    const during = h.take()
    expect(oks(during)).toBe(0)
    expect(during.filter((l) => l === 'echo:busy: processing')).toHaveLength(9)
    const temps = during.filter((l) => l.endsWith(' W:?'))
    expect(temps).toHaveLength(19)
    expect(temps[0]).toBe(' T:21.30 /211.30 B:21.00 /0.00 @:127 B@:0 W:?')
    h.advance(2)
    expect(h.take()).toEqual(['ok', 'ok T:210.30 /211.30 B:21.00 /0.00 @:40 B@:0'])
  })

  it('M113 changes the keep-alive interval and M190 waits for the bed', () => {
    const h = createSimHarness({ bedHeatRate: 1, residencyMs: 0 })
    h.take()
    h.send('M113 S1\nM190 S30\n')
    h.advance(8_000 - 1)
    expect(h.take().filter((l) => l.startsWith('echo:busy'))).toHaveLength(7)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
  })

  it('M109 holds on for the residency time (TEMP_RESIDENCY_TIME) once within the window', () => {
    const h = createSimHarness({ heatRate: 10, residencyMs: 10_000 })
    h.take()
    h.send('M109 S41.3\n')
    // 19 °C at 10 °C/s: within 1 °C after 1.9 s, then 10 s of residency
    h.advance(11_899)
    expect(oks(h.take())).toBe(0)
    h.advance(2)
    expect(oks(h.take())).toBe(1)
  })

  it('M155 S1 autoreports temperatures every second, also while idle', () => {
    const h = createSimHarness()
    h.take()
    h.send('M155 S1\n')
    h.advance(3_500)
    expect(h.take()).toEqual(['ok', ' T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0', ' T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0', ' T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0'])
  })
})

describe('emergency parser', () => {
  it('M108 breaks a heater wait even with every command slot full', () => {
    const h = createSimHarness({ bufsize: 2, heatRate: 1 })
    h.take()
    h.send('M109 S200\nG1 X1\nG1 X2\nG1 X3\n')
    h.advance(5_000)
    expect(oks(h.take())).toBe(0)
    h.send('M108\n')
    h.advance(1)
    expect(oks(h.take())).toBe(5)
  })

  it('without the parser, M108 waits in the RX buffer behind the blocked command', () => {
    const h = createSimHarness({ bufsize: 1, heatRate: 1, emergencyParser: false, residencyMs: 0 })
    h.take()
    h.send('M109 S40\nM108\n')
    h.advance(5_000)
    expect(oks(h.take())).toBe(0)
    h.advance(15_000)
    expect(oks(h.take())).toBe(2)
  })

  it('M112 kills at once and the firmware stays deaf until reset', () => {
    const h = createSimHarness({ bufsize: 1 })
    h.take()
    h.send('M109 S200\n')
    h.advance(1)
    h.send('G1 X1\nN9 M112*0\nM105\n')
    h.advance(1)
    expect(h.take()).toEqual([' T:21.30 /200.00 B:21.00 /0.00 @:127 B@:0 W:?', 'Error:Printer halted. kill() called!'])
    expect(h.sim.halted).toBe(true)
    expect(h.sim.state().toolTarget).toBe(0)
    h.send('M105\n')
    h.advance(100)
    expect(h.take()).toEqual([])
    h.sim.reset()
    h.send('M105\n')
    h.advance(1)
    expect(h.take()[0]).toBe('start')
  })

  it('M410 empties the planner at once', () => {
    const h = createSimHarness()
    h.take()
    h.send('G1 X100 F600\nG1 X200\nG1 X300\n')
    h.advance(10)
    expect(h.sim.state().plannerQueued).toBe(3)
    h.send('M410\n')
    h.advance(1)
    expect(h.sim.state().plannerQueued).toBe(0)
  })
})
