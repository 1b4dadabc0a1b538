// Test helper: a SimPrinter on a fake clock with the host side captured as lines.
import { createFakeClock, type FakeClock } from '../core/clock.js'
import { checksum } from '../protocol/checksum.js'
import { parseSimOptions, type SimOptionsInput } from './options.js'
import { createSimPrinter, type SimPrinter } from './sim-printer.js'
import type { SimNvram } from './prusa-power-panic.js'

export interface SimHarness {
  clock: FakeClock
  sim: SimPrinter
  /** Every complete line the host received, in order. */
  lines: string[]
  /** Lines received since the last call. */
  take(): string[]
  send(text: string): void
  /** Sends `N<n> <command>*<cs>\n`. */
  sendLine(n: number, command: string): void
  advance(ms: number): void
  disconnected: boolean
}

export function frame(n: number, command: string): string {
  const body = `N${n} ${command}`
  return `${body}*${checksum(body)}`
}

/** `clock` and `nvram` let a second harness be the same printer booting after a power cut. */
export function createSimHarness(
  options: Partial<Record<keyof SimOptionsInput, string | number | boolean>> = {},
  boot = true,
  shared: { clock?: FakeClock; nvram?: SimNvram } = {},
): SimHarness {
  const clock = shared.clock ?? createFakeClock(0)
  const sim = createSimPrinter(clock, parseSimOptions({ baud: 0, latencyMs: 0, ...options }), shared.nvram)
  let partial = ''
  let taken = 0
  const harness: SimHarness = {
    clock,
    sim,
    lines: [],
    take() {
      const fresh = harness.lines.slice(taken)
      taken = harness.lines.length
      return fresh
    },
    send: (text) => sim.hostWrite(Buffer.from(text, 'latin1')),
    sendLine: (n, command) => harness.send(`${frame(n, command)}\n`),
    advance: (ms) => clock.advance(ms),
    disconnected: false,
  }
  sim.attach(
    {
      data(bytes) {
        partial += bytes.toString('latin1')
        const parts = partial.split('\n')
        partial = parts.pop() ?? ''
        harness.lines.push(...parts)
      },
      disconnected: () => (harness.disconnected = true),
    },
    0,
  )
  if (boot) {
    sim.reset()
    clock.advance(0)
  }
  return harness
}
