// Worker-thread entry: the printer engine (serial transport, link sender, print job) on its own event loop.

import { parentPort, workerData } from 'node:worker_threads'
import { createSystemClock } from '../../core/clock.js'
import { loadFirmwareProfiles } from '../../profiles/load.js'
import { createBindingResolver } from '../../serial/resolve-binding.js'
import { createSimBinding } from '../../sim/sim-binding.js'
import { createPrinterService } from '../printer-service.js'
import { serveEngine } from './engine-host.js'
import { createForwardingLogger } from './forwarding-logger.js'
import type { EngineMessage, EngineWorkerData, HostMessage } from './protocol.js'

const port = parentPort
if (!port) throw new Error('engine-worker.ts runs only as a worker thread')
const data = workerData as EngineWorkerData
const post = (message: EngineMessage) => port.postMessage(message)

const clock = createSystemClock()
// `sim://` paths open a simulated printer that lives here, beside the engine, like the wire it stands for.
const sim = createSimBinding({ clock })
const service = createPrinterService({
  clock,
  logger: createForwardingLogger(data.logLevel, post),
  profiles: loadFirmwareProfiles(),
  resolveBinding: createBindingResolver({ sim }),
  options: data.options,
})

serveEngine({
  service,
  clock,
  endpoint: { post, onMessage: (fn) => port.on('message', (message: HostMessage) => fn(message)) },
  ...(data.consoleBatchMs !== undefined ? { consoleBatchMs: data.consoleBatchMs } : {}),
  simStats(path, pattern) {
    const printer = sim.printer(path)
    if (!printer) return null
    const transcript = printer.transcript
    return {
      stats: JSON.parse(JSON.stringify(printer.stats())) as Record<string, unknown>,
      transcriptLength: transcript.length,
      firstEntry: transcript[0] ?? null,
      lastEntry: transcript.at(-1) ?? null,
      tail: transcript.slice(-10).map((entry) => entry.command),
      matching: pattern ? transcript.filter((entry) => new RegExp(pattern).test(entry.command)).length : 0,
    }
  },
  afterShutdown: () => sim.dispose(),
})
