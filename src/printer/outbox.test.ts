// The outbox: what goes on the wire next (a replay, then console commands at their turn, then the job line).
import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../core/clock.js'
import { CONSOLE_TURN_MS, JOB_LINES_PER_CONSOLE_COMMAND } from './console-turn.js'
import type { JobLine } from './line-source.js'
import { createOutbox } from './outbox.js'
import { createEntry } from './send-entry.js'

function setup(jobLines: number) {
  const clock = createFakeClock()
  const lines: JobLine[] = Array.from({ length: jobLines }, (_, i) => ({ fileLine: i + 1, command: `G1 X${i}`, byteEnd: i, layer: null, z: null }))
  const outbox = createOutbox({ clock, pullJobLine: () => lines.shift() ?? null, timeoutFor: () => 1000 })
  /** What goes next, taking it as the sender would. */
  const send = (): string | null => {
    const replayed = outbox.nextReplay()
    if (replayed) return (outbox.takeReplay(), `replay ${replayed.command}`)
    const command = outbox.nextCommand()
    if (command) return (outbox.takeCommand(), command.command)
    const job = outbox.nextJobEntry()
    if (job) return (outbox.takeJobEntry(), job.command)
    return null
  }
  return { clock, outbox, send, lines }
}

describe('outbox', () => {
  it('replays first, then queued commands, then job lines', () => {
    const t = setup(2)
    t.outbox.queue(createEntry('command', 'M105'))
    t.outbox.replayLines([createEntry('job', 'G1 X9')])
    t.outbox.queue(createEntry('reset', 'M110 N0'), true)
    expect([t.send(), t.send(), t.send(), t.send(), t.send(), t.send()]).toEqual(['replay G1 X9', 'M110 N0', 'M105', 'G1 X0', 'G1 X1', null])
  })

  it('a console command waits its turn behind job lines, by count or by time', () => {
    const t = setup(100)
    t.outbox.queue(createEntry('command', 'M117 a', { yieldsToJob: true }))
    expect(t.send()).toBe('M117 a')
    t.outbox.queue(createEntry('command', 'M117 b', { yieldsToJob: true }))
    for (let i = 0; i < JOB_LINES_PER_CONSOLE_COMMAND; i++) expect(t.send()).toMatch(/^G1 /)
    expect(t.send()).toBe('M117 b')
    t.outbox.queue(createEntry('command', 'M117 c', { yieldsToJob: true }))
    expect(t.send()).toMatch(/^G1 /)
    t.clock.advance(CONSOLE_TURN_MS)
    expect(t.send()).toBe('M117 c')
  })

  it('a console command does not wait when no job line is ready', () => {
    const t = setup(0)
    t.outbox.queue(createEntry('command', 'M117 a', { yieldsToJob: true }))
    t.send()
    t.outbox.queue(createEntry('command', 'M117 b', { yieldsToJob: true }))
    expect(t.send()).toBe('M117 b')
  })

  it('holds a pulled job line until it goes, and gives it back on pause', () => {
    const t = setup(3)
    t.outbox.replayLines([createEntry('job', 'G1 X7', { job: { fileLine: 7, command: 'G1 X7', byteEnd: 0, layer: null, z: null } })])
    expect(t.outbox.nextJobEntry()?.command).toBe('G1 X0')
    expect(t.outbox.nextJobEntry()?.command).toBe('G1 X0')
    expect(t.outbox.jobLines().map((l) => l.fileLine)).toEqual([7, 1])
    expect(t.outbox.count()).toBe(2)
    expect(t.outbox.dropHeldJobLine()?.fileLine).toBe(1)
    expect(t.outbox.nextJobEntry()?.command).toBe('G1 X1')
    expect(t.outbox.clear()).toHaveLength(1)
    expect(t.outbox.count()).toBe(0)
  })
})
