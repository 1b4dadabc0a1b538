// Engine entry: the printer engine (serial transport, link sender, print job) on its own event loop, in a worker
// thread (`workerData`, `parentPort`) or in a child process (`process.send`, data in argv).

import { parentPort, workerData } from 'node:worker_threads'
import { createSystemClock } from '../../core/clock.js'
import { GatewayError } from '../../core/errors.js'
import { loadFirmwareProfiles } from '../../profiles/load.js'
import { createBindingResolver, isSimPath, type BindingResolver } from '../../serial/resolve-binding.js'
import { createSimBinding } from '../../sim/sim-binding.js'
import { createPrinterService } from '../printer-service.js'
import { serveEngine } from './engine-host.js'
import { createForwardingLogger } from './forwarding-logger.js'
import type { EngineMessage, EngineWorkerData, HostMessage } from './protocol.js'

const inThread = parentPort !== null
const data = (inThread ? workerData : JSON.parse(process.argv[2] ?? '{}')) as EngineWorkerData
const post = inThread
  ? (message: EngineMessage) => parentPort!.postMessage(message)
  : // Once the gateway is gone the channel is closed; the safe shutdown below must still run to its end.
    (message: EngineMessage) => void (process.connected && process.send?.(message))
const onMessage = (fn: (message: HostMessage) => void) => (inThread ? parentPort!.on('message', fn) : process.on('message', fn))

const clock = createSystemClock()
// `sim://` paths open a simulated printer that lives here, beside the engine, like the wire it stands for.
const sim = createSimBinding({ clock })
const resolve = createBindingResolver({ sim })
// The native serial binding polls on the process's default loop, which a worker thread must not touch
// (node-serialport#2250: a fatal V8 locking error); in a thread only the simulator may be opened.
const resolveBinding: BindingResolver = inThread
  ? async (path) => {
      if (!isSimPath(path)) throw new GatewayError('PRINTER_CONNECT_FAILED', `A worker-thread engine cannot open the serial port ${path}; set printer.thread to 'process'`)
      return resolve(path)
    }
  : resolve
const service = createPrinterService({
  clock,
  logger: createForwardingLogger(data.logLevel, post),
  profiles: loadFirmwareProfiles(),
  resolveBinding,
  options: data.options,
})

if (!inThread) {
  // Signals are the gateway's to handle (systemd and Ctrl-C reach the whole group); it stops this engine over IPC.
  process.on('SIGTERM', () => undefined)
  process.on('SIGINT', () => undefined)
  // The gateway is gone (killed, crashed): bring a print to a safe state, close the port, leave.
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), 10_000).unref()
    void service.shutdown().finally(() => {
      sim.dispose()
      process.exit(0)
    })
  })
}

serveEngine({
  service,
  clock,
  endpoint: { post, onMessage },
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
