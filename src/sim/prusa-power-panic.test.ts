// Prusa-Firmware's power panic for host prints in the simulator: what is saved at the cut, the boot-time recovery, the offer, D3 and M602.
import { describe, expect, it } from 'vitest'
import { createNvram } from './prusa-power-panic.js'
import { createSimHarness, type SimHarness } from './sim-harness.js'

const PRUSA = { powerPanic: 'prusa', firmware: 'Prusa-Firmware 3.14.1 based on Marlin', homeMs: 100, heatRate: 50, bedHeatRate: 50, residencyMs: 0 } as const

/** Sends one numbered line and waits (fake time) for its ok, as a ping-pong host does. */
function ping(h: SimHarness, n: number | null, command: string): string[] {
  if (n === null) h.send(`${command}\n`)
  else h.sendLine(n, command)
  const got: string[] = []
  for (let i = 0; i < 100_000; i++) {
    h.advance(1)
    got.push(...h.take())
    if (got.some((l) => l.startsWith('ok'))) return got
  }
  throw new Error(`no ok for ${command}: ${got.join(' | ')}`)
}

/** 30 one-second moves with absolute E after a short setup; line n is the n-th command. */
const FILE = [
  'M140 S60',
  'M104 S215',
  'G28',
  'M82',
  'G92 E0',
  'M106 S128',
  'G1 Z0.3 F720',
  ...Array.from({ length: 30 }, (_, i) => `G1 X${10 + i} Y${i % 2 ? 40 : 10} E${(i + 1) * 0.5} F1800`),
]

describe('simulated Prusa power panic (host prints)', () => {
  it('saves the last line whose moves had all run, with its position, E mode, feed rate, fan and targets; boots into its own recovery and waits paused', () => {
    const nvram = createNvram()
    const a = createSimHarness(PRUSA, true, { nvram })
    a.take()
    ping(a, 0, 'M110 N0')
    FILE.forEach((command, i) => ping(a, i + 1, command))
    // The planner still holds ~15 one-second moves: those lines are not done.
    a.advance(4_000)
    const cutAt = a.clock.now()
    a.sim.powerLoss()
    const record = nvram.record!
    expect(nvram.pending).toBe(true)
    expect(record.line).toBeGreaterThan(7)
    expect(record.line).toBeLessThan(FILE.length - 5)
    const i = record.line - 8
    expect(record).toMatchObject({ x: 10 + i, y: i % 2 ? 40 : 10, z: 0.3, e: (i + 1) * 0.5, absoluteE: true, feedrate: 1800, fan: 128, hotend: 215, bed: 60 })

    const b = createSimHarness(PRUSA, true, { nvram, clock: a.clock })
    expect(a.clock.now()).toBe(cutAt)
    b.advance(20_000)
    const boot = b.take()
    expect(boot[0]).toBe('start')
    expect(boot).toContain('//action:paused')
    const ran = b.sim.transcript.map((e) => e.command)
    expect(ran).toEqual(expect.arrayContaining(['G28 X Y', 'M104 S215', 'M140 S60', `G92 E${record.e}`, 'M82', `M110 N${record.line}`, 'PRUSA uvlo']))
    expect(ran.indexOf('G28 X Y')).toBeGreaterThan(ran.indexOf(`G1 Z${record.z + 20} F800`))
    expect(ran).not.toContain('G28')
    expect(b.sim.state()).toMatchObject({ toolTarget: 215, bedTarget: 60 })
    // Internal commands are not answered with ok.
    expect(boot.filter((l) => l.startsWith('ok'))).toEqual([])
  })

  it('offers the recovery only in reply to M79, tells the line by D3, and M602 resumes: reheat, back over the part, Resend: line+1', () => {
    const nvram = createNvram()
    nvram.record = { line: 4660, x: 50, y: 60, z: 2.4, e: 123.5, absoluteE: true, feedrate: 1800, hotend: 215, bed: 60, fan: 255 }
    nvram.pending = true
    const h = createSimHarness(PRUSA, true, { nvram })
    h.advance(20_000)
    expect(h.take()).toContain('//action:paused')
    expect(ping(h, null, 'M115').join('\n')).not.toContain('uvlo')
    expect(ping(h, null, 'M79 S"PG"')).toEqual(['//action:uvlo_recovery_ready', 'ok'])
    // 4660 = 0x1234, little-endian in EEPROM_FILE_POSITION.
    expect(ping(h, null, 'D3 Ax0F91 C4')).toEqual(['0f91  34 12 00 00', 'ok'])
    const resumed: string[] = []
    h.send('M602\n')
    for (let i = 0; i < 200 && !resumed.includes('//action:resumed'); i++) {
      h.advance(100)
      resumed.push(...h.take())
    }
    h.advance(100)
    resumed.push(...h.take())
    expect(resumed.filter((l) => !/^ ?T:/.test(l))).toEqual(['Resend: 4661', 'ok', '//action:resumed', 'ok'])
    expect(h.sim.state()).toMatchObject({ position: { x: 50, y: 60, z: 2.4 }, toolTarget: 215 })
    expect(h.sim.state().toolActual).toBeGreaterThan(210)
    expect(ping(h, 4661, 'G1 X51 E124 F1800')).toEqual(['ok'])
    expect(nvram.pending).toBe(false)
    expect(ping(h, null, 'M79 S"PG"')).toEqual(['ok'])
  })

  it('forgets the recovery when the host sends a G command first or stops it with M603, and saves nothing when no host print ran', () => {
    for (const first of ['G28', 'M603']) {
      const nvram = createNvram()
      nvram.record = { line: 10, x: 1, y: 1, z: 1, e: 1, absoluteE: false, feedrate: 1200, hotend: 200, bed: 50, fan: 0 }
      nvram.pending = true
      const h = createSimHarness(PRUSA, true, { nvram })
      h.advance(20_000)
      ping(h, null, first)
      expect(nvram.pending).toBe(false)
      expect(ping(h, null, 'M79 S"PG"')).toEqual(['ok'])
    }
    const idle = createNvram()
    const h = createSimHarness(PRUSA, true, { nvram: idle })
    ping(h, null, 'M105')
    h.advance(60_000)
    h.sim.powerLoss()
    expect(idle.pending).toBe(false)
    expect(idle.record).toBeNull()
  })

  it('plain Marlin (powerPanic none) knows none of it', () => {
    const h = createSimHarness({})
    h.take()
    expect(ping(h, null, 'M79 S"PG"')).toEqual(['echo:Unknown command: "M79 S"PG""', 'ok'])
  })
})
