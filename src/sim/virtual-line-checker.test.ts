// OctoPrint's virtual printer's counters as modelled: refused lines count, so a later checksum error asks past lines.
import { describe, expect, it } from 'vitest'
import { frameLine } from '../protocol/gcode-line.js'
import { checkVirtualLine, type VirtualCounters } from './virtual-line-checker.js'

const damaged = (n: number, command: string): string => frameLine(n, command).replace(/\*\d+$/, (cs) => `*${Number(cs.slice(1)) ^ 1}`)

describe('virtual printer line checks', () => {
  it('accepts lines in sequence and strips N and the checksum', () => {
    const c: VirtualCounters = { lastN: 0, current: 0 }
    expect(checkVirtualLine(frameLine(1, 'G1 X1'), c)).toEqual({ ok: true, lineNumber: 1, command: 'G1 X1', reset: false })
    expect(c).toEqual({ lastN: 1, current: 1 })
    expect(checkVirtualLine('M105', c)).toEqual({ ok: true, lineNumber: null, command: 'M105', reset: false })
  })

  it('counts refused follow-ons, so the next checksum error asks for a line past the damaged one', () => {
    const c: VirtualCounters = { lastN: 0, current: 0 }
    checkVirtualLine(frameLine(1, 'G1 X1'), c)
    expect(checkVirtualLine(damaged(2, 'G1 X2'), c)).toEqual({ ok: false, error: 'Error: Missing checksum', resend: 2 })
    // Lines 3 and 4 were in flight behind it: refused for their number, but counted.
    expect(checkVirtualLine(frameLine(3, 'G1 X3'), c)).toEqual({ ok: false, error: 'Error: expected line 2 got 3', resend: 2 })
    expect(checkVirtualLine(frameLine(4, 'G1 X4'), c)).toMatchObject({ ok: false, resend: 2 })
    for (const n of [2, 3, 4]) expect(checkVirtualLine(frameLine(n, `G1 X${n}`), c)).toMatchObject({ ok: true, lineNumber: n })
    expect(c).toEqual({ lastN: 4, current: 6 })
    // Line 5 damaged: it asks for 7, and lines 5 and 6 would never run if the host went on from there.
    expect(checkVirtualLine(damaged(5, 'G1 X5'), c)).toMatchObject({ ok: false, resend: 7 })
    expect(c.lastN).toBe(6)
  })

  it('a numbered M110 sets both counters, which meet again', () => {
    const c: VirtualCounters = { lastN: 4, current: 6 }
    expect(checkVirtualLine(frameLine(4, 'M110 N4'), c)).toEqual({ ok: true, lineNumber: 4, command: 'M110', reset: true })
    expect(c).toEqual({ lastN: 4, current: 4 })
    expect(checkVirtualLine(damaged(5, 'G1 X5'), c)).toMatchObject({ ok: false, resend: 5 })
  })
})
