// Scenario helper: the real link sender and reply parser against the simulated Marlin, all on one fake clock.
import { createFakeClock, type FakeClock } from '../../src/core/clock.js'
import { chooseFlowMode } from '../../src/printer/flow-mode.js'
import { createLinkSender, type LinkSender, type SenderOptions } from '../../src/printer/link-sender.js'
import type { JobLine } from '../../src/printer/line-source.js'
import type { FlowMode } from '../../src/printer/types.js'
import { loadFirmwareProfiles } from '../../src/profiles/load.js'
import { parseReply } from '../../src/protocol/reply.js'
import { parseSimOptions, type SimOptionsInput } from '../../src/sim/options.js'
import { createSimPrinter, type SimPrinter } from '../../src/sim/sim-printer.js'

export interface SenderOnSim {
  clock: FakeClock
  sim: SimPrinter
  sender: LinkSender
  flowMode: FlowMode
  confirmed: number[]
  failures: string[]
  notices: string[]
  /** Streams `commands` as a job (after a line-number reset) until done or `limitMs` of simulated time. */
  stream(commands: string[], limitMs: number): Promise<void>
}

/** `flowMode` undefined = the profile's default (marlin unless named), exactly as the printer service chooses it. */
export function createSenderOnSim(
  sim: Partial<Record<keyof SimOptionsInput, string | number | boolean>>,
  setup: { flowMode?: FlowMode; sender?: SenderOptions; profile?: string } = {},
): SenderOnSim {
  const clock = createFakeClock(0)
  const profile = loadFirmwareProfiles().get(setup.profile ?? 'marlin')
  if (!profile) throw new Error(`no ${setup.profile ?? 'marlin'} profile`)
  const printer = createSimPrinter(clock, parseSimOptions({ latencyMs: 3, ...sim }))
  const flowMode = chooseFlowMode(profile, setup.flowMode)
  const confirmed: number[] = []
  const failures: string[] = []
  const notices: string[] = []
  let queue: JobLine[] = []
  let partial = ''
  const sender = createLinkSender({
    clock,
    write: (wire) => printer.hostWrite(Buffer.from(`${wire}\n`, 'latin1')),
    profile: () => profile,
    numbered: () => true,
    flowMode: () => flowMode,
    pullJobLine: () => queue.shift() ?? null,
    onJobLineConfirmed: (line) => confirmed.push(line.fileLine),
    onFailure: (code, reason) => failures.push(`${code}: ${reason}`),
    onNotice: (message) => notices.push(message),
    ...(setup.sender ? { options: setup.sender } : {}),
  })
  printer.attach(
    {
      data(bytes) {
        partial += bytes.toString('latin1')
        const lines = partial.split('\n')
        partial = lines.pop() ?? ''
        for (const raw of lines) {
          const line = raw.replace(/\r$/, '')
          if (line) sender.handleReply(parseReply(line), line)
        }
      },
      disconnected: () => failures.push('disconnected'),
    },
    sim.baud === undefined ? 115200 : Number(sim.baud),
  )
  const tick = (): void => {
    sender.tick()
    clock.setTimeout(tick, 100)
  }
  clock.setTimeout(tick, 100)
  printer.reset()
  clock.advance(50)
  return {
    clock,
    sim: printer,
    sender,
    flowMode,
    confirmed,
    failures,
    notices,
    async stream(commands, limitMs) {
      const reset = sender.resetLineNumbers()
      clock.advance(200)
      await reset
      printer.resetStats()
      queue = commands.map((command, i) => ({ fileLine: i + 1, command, byteEnd: i + 1, layer: null, z: null }))
      sender.pump()
      const end = clock.now() + limitMs
      while (clock.now() < end && failures.length === 0 && !(queue.length === 0 && sender.idle())) clock.advance(20)
    },
  }
}

/** A curved wall of short moves, each line unique so order and duplicates show in the transcript. */
export function curvedWall(count: number): string[] {
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const a = (i / 200) * Math.PI * 2
    const r = 40 + (i % 200) * 0.001
    lines.push(`G1 X${(100 + r * Math.cos(a)).toFixed(3)} Y${(100 + r * Math.sin(a)).toFixed(3)} E0.0${(i % 9) + 1}${i % 5 === 0 ? ' F1800' : ''}`)
  }
  return lines
}
