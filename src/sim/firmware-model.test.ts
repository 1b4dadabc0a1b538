// The simulated Marlin's protocol behaviour, driven byte by byte on a fake clock.
import { describe, expect, it } from 'vitest'
import { createSimHarness, frame } from './sim-harness.js'

describe('simulated Marlin protocol', () => {
  it('prints start and the banner on boot, then answers M115 with FIRMWARE_NAME and Cap lines', () => {
    const h = createSimHarness({ firmware: 'Marlin 2.1.2.1 (test)' })
    expect(h.take()[0]).toBe('start')
    h.sendLine(1, 'M115')
    h.advance(1)
    const reply = h.take()
    expect(reply[0]).toMatch(/^FIRMWARE_NAME:Marlin 2\.1\.2\.1 \(test\) SOURCE_CODE_URL:\S+ PROTOCOL_VERSION:1\.0 .*EXTRUDER_COUNT:1/)
    expect(reply).toContain('Cap:AUTOREPORT_TEMP:1')
    expect(reply).toContain('Cap:EMERGENCY_PARSER:1')
    expect(reply).toContain('Cap:HOST_ACTION_COMMANDS:1')
    expect(reply.at(-1)).toBe('ok')
  })

  it('answers M105 with the temperatures on the ok line, and M114 with the position', () => {
    const h = createSimHarness()
    h.take()
    h.send('M105\nG92 X1 Y2 Z3 E4\nM114\n')
    h.advance(1)
    expect(h.take()).toEqual(['ok T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0', 'ok', 'X:1.00 Y:2.00 Z:3.00 E:4.00 Count X:0 Y:0 Z:0', 'ok'])
  })

  it("refuses a bad checksum with Marlin's error, drains the RX buffer and asks for the next line", () => {
    const h = createSimHarness()
    h.take()
    h.sendLine(1, 'M105')
    h.advance(1)
    const bad = frame(2, 'G1 X1').replace(/\*\d+$/, '*0')
    h.send(`${bad}\n${frame(3, 'G1 X2')}\n`)
    h.advance(1)
    expect(h.take()).toEqual(['ok T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0', 'Error:checksum mismatch, Last Line: 1', 'Resend: 2', 'ok'])
    expect(h.sim.stats()).toMatchObject({ resendsRequested: 1, lineErrors: 1 })
    h.sendLine(3, 'G1 X2')
    h.advance(1)
    expect(h.take()).toEqual(['Error:Line Number is not Last Line Number+1, Last Line: 1', 'Resend: 2', 'ok'])
    h.send('N2 G1 X1\n')
    h.advance(1)
    expect(h.take()).toEqual(['Error:No Checksum with line number, Last Line: 1', 'Resend: 2', 'ok'])
    expect(h.sim.transcript.map((e) => e.lineNumber)).toEqual([1])
  })

  it('after a refused line, the tail of a half-received line arrives alone and runs unchecked, as in Marlin', () => {
    const h = createSimHarness({ bufsize: 1 })
    h.take()
    h.send('G4 P100\n')
    h.advance(1)
    const bad = frame(1, 'G21').replace(/\*\d+$/, '*0')
    h.send(`${bad}\n${frame(2, 'G21')}\nN3 G1`)
    h.advance(200)
    h.send(' X5*99\n')
    h.advance(1)
    expect(h.take()).toEqual(['ok', 'Error:checksum mismatch, Last Line: 0', 'Resend: 1', 'ok', 'echo:Unknown command: "X5"', 'ok'])
  })

  it('can leave out the ok after Resend (okAfterResend=0), as some Marlin builds do', () => {
    const h = createSimHarness({ okAfterResend: false })
    h.take()
    h.sendLine(2, 'M105')
    h.advance(1)
    expect(h.take()).toEqual(['Error:Line Number is not Last Line Number+1, Last Line: 0', 'Resend: 1'])
  })

  it('resets line numbers with both M110 forms', () => {
    const h = createSimHarness()
    h.take()
    h.sendLine(1, 'M105')
    h.send(`${frame(2, 'M110 N40')}\n`)
    h.sendLine(41, 'G21')
    h.send('M110 N7\n')
    h.sendLine(8, 'G21')
    h.advance(1)
    expect(h.take().filter((l) => l.startsWith('Error'))).toEqual([])
    expect(h.sim.transcript.map((e) => [e.lineNumber, e.command])).toEqual([
      [1, 'M105'],
      [2, 'M110 N40'],
      [41, 'G21'],
      [null, 'M110 N7'],
      [8, 'G21'],
    ])
  })

  it('answers unknown commands with an echo and ok, and empty lines with nothing', () => {
    const h = createSimHarness()
    h.take()
    h.send('\n; comment\nX123\n')
    h.advance(1)
    expect(h.take()).toEqual(['echo:Unknown command: "X123"', 'ok'])
  })

  it('sends ADVANCED_OK with the line number, free planner blocks and free command slots', () => {
    const h = createSimHarness({ advancedOk: true })
    h.take()
    h.sendLine(1, 'G1 X10 F600')
    h.send('G21\n')
    h.advance(1)
    expect(h.take()).toEqual(['ok N1 P14 B3', 'ok P14 B3'])
  })

  it('drops bytes beyond the RX buffer while the firmware is blocked, like an overflowing UART', () => {
    const h = createSimHarness({ rxBuffer: 128, bufsize: 1 })
    h.take()
    h.send('G4 P1000\n')
    h.advance(10)
    h.send('M105 ; padding\n'.repeat(20))
    h.advance(10)
    const stats = h.sim.stats()
    expect(stats.bytesReceived).toBe(9 + 300)
    expect(stats.droppedBytes).toBe(300 - 127)
    h.advance(1000)
    const okLines = h.take().filter((l) => l.startsWith('ok'))
    expect(okLines).toHaveLength(1 + Math.floor(127 / 15))
  })

  it('processes lines only as fast as the link delivers them (baud/10 bytes per second)', () => {
    const h = createSimHarness({ baud: 9600, latencyMs: 5 })
    h.advance(1000)
    h.take()
    const reply = 'ok T:21.30 /0.00 B:21.00 /0.00 @:0 B@:0'
    const arrivesAt = (5 + reply.length + 1) / 0.96 + 5
    h.send('M105\n')
    h.advance(arrivesAt - 0.1)
    expect(h.take()).toEqual([])
    h.advance(0.2)
    expect(h.take()).toEqual([reply])
  })
})
