// The engine process's entry: the printer engine on its own event loop, talking to the gateway over Node's IPC channel.

import { createSystemClock } from '../core/clock.js'
import { startHeapTrim } from '../core/heap-trim.js'
import { serveEngine } from './engine-host.js'
import type { EngineMessage, EngineStartData, HostMessage } from './engine-messages.js'
import { createEngineService } from './engine-service.js'
import { createForwardingLogger } from './forwarding-logger.js'

const data = JSON.parse(process.argv[2] ?? '{}') as EngineStartData
// While printing the engine promotes ~1 KB a line; collected 1 MB past the live heap (a 5–20 ms pause every few
// seconds), not V8's 8 MB, it peaks ~6 MB lower (`npm run bench:memory`). Needs `--expose-gc` (ENGINE_NODE_OPTIONS).
startHeapTrim({ slackBytes: 1024 * 1024, intervalMs: 1000 })
// Once the gateway is gone the channel is closed; the safe shutdown below must still run to its end.
const post = (message: EngineMessage) => void (process.connected && process.send?.(message))
const clock = createSystemClock()
const engine = createEngineService({ options: data.options, logger: createForwardingLogger(data.logLevel, post), clock })

// Signals are the gateway's to handle (systemd and Ctrl-C reach the whole group); it stops this engine over IPC.
process.on('SIGTERM', () => undefined)
process.on('SIGINT', () => undefined)
// The gateway is gone (killed, crashed): bring a print to a safe state, close the port, leave.
process.once('disconnect', () => {
  setTimeout(() => process.exit(1), 10_000).unref()
  void engine.service.shutdown().finally(() => {
    engine.dispose()
    process.exit(0)
  })
})

serveEngine({
  service: engine.service,
  clock,
  endpoint: { post, onMessage: (fn: (message: HostMessage) => void) => process.on('message', fn) },
  ...(data.consoleBatchMs !== undefined ? { consoleBatchMs: data.consoleBatchMs } : {}),
  simStats: engine.simStats,
  afterShutdown: engine.dispose,
})
