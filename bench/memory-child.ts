// Child process of bench/memory.ts: streams one file to the simulator and prints its peak RSS as JSON.

import { createSystemClock } from '../src/core/clock.js'
import { silentLogger } from '../src/core/logger.js'
import { createPrinterService } from '../src/printer/printer-service.js'
import { loadFirmwareProfiles } from '../src/profiles/load.js'
import { createBindingResolver } from '../src/serial/resolve-binding.js'
import { createSimBinding } from '../src/sim/sim-binding.js'

const [file, profileDir] = process.argv.slice(2) as [string, string]
const baseline = process.memoryUsage().rss
let peak = baseline
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
const binding = createSimBinding()
const path = 'sim://marlin?baud=0&latencyMs=0&timeScale=0&transcript=0'
const printer = createPrinterService({
  clock: createSystemClock(),
  resolveBinding: createBindingResolver({ sim: binding }),
  profiles: loadFirmwareProfiles(profileDir),
  logger: silentLogger,
  options: { defaultPort: path, defaultBaud: 250000, profile: 'marlin', flowMode: 'buffered', consoleRing: 100 },
})
await printer.connect()
const t0 = performance.now()
const { done } = await printer.startPrint({ jobId: 'big', path: file })
const result = await done
clearInterval(sampler)
await printer.disconnect()
binding.dispose()
console.log(
  JSON.stringify({
    outcome: result.outcome,
    lines: result.lastConfirmedLine,
    bytes: result.byteOffset,
    seconds: (performance.now() - t0) / 1000,
    baselineMb: baseline / 1e6,
    peakMb: Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1e6,
  }),
)
