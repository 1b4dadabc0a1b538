// The engine's side: the PrinterService with its profiles and serial bindings; the simulator is loaded only for `sim://` ports.

import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import { createPrinterService } from '../printer/printer-service.js'
import type { PrinterServiceOptions } from '../printer/service-options.js'
import type { PrinterService } from '../printer/types.js'
import { loadFirmwareProfiles } from '../profiles/load.js'
import { createBindingResolver } from '../serial/resolve-binding.js'
import type { SimBinding } from '../sim/sim-binding.js'
import type { SimStatsReply } from './engine-messages.js'

export interface EngineServiceDeps {
  options: PrinterServiceOptions
  logger: Logger
  clock: Clock
  /** A simulator the caller keeps a hand on (in-process tests); otherwise one is created on the first `sim://` connect. */
  sim?: SimBinding
}

export interface EngineService {
  service: PrinterService
  simStats(path: string, pattern?: string): SimStatsReply | null
  dispose(): void
}

export function createEngineService(deps: EngineServiceDeps): EngineService {
  let sim: SimBinding | null = deps.sim ?? null
  const loadSim = async (): Promise<SimBinding> => (sim ??= (await import('../sim/sim-binding.js')).createSimBinding({ clock: deps.clock }))
  const service = createPrinterService({
    clock: deps.clock,
    logger: deps.logger,
    profiles: loadFirmwareProfiles(),
    resolveBinding: createBindingResolver({ sim: loadSim }),
    // The proxy keeps the recent console on the gateway's side; a ring here too would only hold the last 500 lines
    // long enough for V8 to move them to the old space, which grows until a full collection while printing.
    options: { ...deps.options, consoleRing: 0 },
  })
  return {
    service,
    simStats(path, pattern) {
      const printer = sim?.printer(path)
      if (!printer) return null
      const transcript = printer.transcript
      const matcher = pattern ? new RegExp(pattern) : null
      return {
        stats: JSON.parse(JSON.stringify(printer.stats())) as Record<string, unknown>,
        transcriptLength: transcript.length,
        firstEntry: transcript[0] ?? null,
        lastEntry: transcript.at(-1) ?? null,
        tail: transcript.slice(-10).map((entry) => entry.command),
        matching: matcher ? transcript.filter((entry) => matcher.test(entry.command)).length : 0,
      }
    },
    dispose: () => sim?.dispose(),
  }
}
