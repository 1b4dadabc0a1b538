// Starts the printer engine behind its proxy: in its own process (the default) or in this one over an in-memory link.

import { createSystemClock } from '../core/clock.js'
import type { Logger, LogLevel } from '../core/logger.js'
import type { PrinterServiceOptions } from '../printer/service-options.js'
import type { SimBinding } from '../sim/sim-binding.js'
import { createInMemoryLink, type EngineChannel } from './engine-channel.js'
import type { EngineStartData } from './engine-messages.js'
import { serveEngine } from './engine-host.js'
import { createEngineService } from './engine-service.js'
import { createPrinterProxy, type EngineProxy } from './printer-proxy.js'
import { engineLaunch, startEngineProcess } from './start-process.js'

export type EngineMode = 'process' | 'in-process'

/**
 * V8's young generation grows to 16 MB per semi-space under a print's steady garbage; capped at 1 MB it is collected
 * more often (cheap: the engine's objects die young) and the engine process stays smaller (see `npm run bench:memory`).
 * After a full collection V8 lets the old space grow by a factor of the live heap (~7.5 MB while printing) that it picks
 * itself (up to 4); at 20 % its floor of 8 MB more applies: the next full collection comes at ~15.5 MB, not at 18–22 MB
 * (200 s prints, --trace-gc). A growth rule, not a limit: the heap may still grow as far as Node allows, so it cannot
 * end a print with an out-of-memory. `--expose-gc` lets the engine collect earlier still, 1 MB past its live heap
 * (src/core/heap-trim.ts, started in engine-process-main.ts). The code of functions that did not run during the last
 * full collection is dropped (bytecode after one collection instead of five, Sparkplug code too) and compiled again if
 * they run: start-up's code does not stay resident (with the gateway's same options, ~3 MB less while printing).
 */
export const ENGINE_NODE_OPTIONS = ['--max-semi-space-size=1', '--heap-growing-percent=20', '--expose-gc', '--bytecode-old-age=1', '--flush-baseline-code']

export interface EngineOptions {
  /** `process`: its own event loop, so HTTP load cannot stall the serial link. `in-process`: one process, for tests and tiny setups. */
  mode?: EngineMode
  options: PrinterServiceOptions
  logger: Logger
  logLevel?: LogLevel
  consoleBatchMs?: number
  /** Node options for the engine process (default ENGINE_NODE_OPTIONS). */
  nodeOptions?: string[]
  /** In-process only: the simulator the caller wants to look into. */
  sim?: SimBinding
}

function startInProcess(data: EngineStartData, logger: Logger, sim?: SimBinding): EngineChannel {
  const clock = createSystemClock()
  const engine = createEngineService({ options: data.options, logger, clock, ...(sim ? { sim } : {}) })
  const { channel, endpoint } = createInMemoryLink(() => engine.dispose())
  serveEngine({
    service: engine.service,
    clock,
    endpoint,
    ...(data.consoleBatchMs !== undefined ? { consoleBatchMs: data.consoleBatchMs } : {}),
    simStats: engine.simStats,
  })
  return channel
}

/** The printer engine behind the same proxy and message set wherever it runs; resolves once the engine is ready. */
export async function startEngine(o: EngineOptions): Promise<EngineProxy> {
  const data: EngineStartData = {
    options: o.options,
    logLevel: o.logLevel ?? 'info',
    ...(o.consoleBatchMs !== undefined ? { consoleBatchMs: o.consoleBatchMs } : {}),
  }
  const launch = o.mode === 'in-process' ? null : engineLaunch(o.nodeOptions ?? ENGINE_NODE_OPTIONS)
  const proxy = createPrinterProxy({
    start: () => (launch ? startEngineProcess(data, launch) : startInProcess(data, o.logger, o.sim)),
    logger: o.logger,
    defaultPort: o.options.defaultPort,
    ...(o.options.consoleRing !== undefined ? { consoleRing: o.options.consoleRing } : {}),
  })
  await proxy.whenReady()
  return proxy
}
