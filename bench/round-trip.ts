// `npm run bench:round-trip [-- --moves 3000]`: where one line's round trip goes with one line in flight (ping-pong).
/*
 * printgate (in this process) streams a curved wall to the simulated Marlin in its own process over a pty at 250000
 * baud, 3 ms reply latency, as bench:stream's versus run does. The port's read and write are timed where they meet
 * the binding, and the console events where the engine sees lines, so each round trip splits into: the ok's bytes
 * read → its line handled (stream, line splitter); handled → the next line sent (reply parser, ok crediting, job
 * progress, line source, framing); sent → the binding's write; the write itself; and the write → the next ok read
 * (the wire, the printer, the OS scheduler). Prints medians and 90th percentiles and the host CPU per line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { BindingInterface } from '@serialport/bindings-cpp'
import { createSystemClock } from '../src/core/clock.js'
import { silentLogger } from '../src/core/logger.js'
import { createPrinterService } from '../src/printer/printer-service.js'
import { loadFirmwareProfiles } from '../src/profiles/load.js'
import { createBindingResolver, type BindingResolver } from '../src/serial/resolve-binding.js'
import { startPrinter } from './versus-printcore.js'
import { curvedWall } from './wall.js'

const BAUD = 250000
const argIndex = process.argv.indexOf('--moves')
const moves = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 3000

type Stamp = 'okRead' | 'okHandled' | 'lineSent' | 'writeCalled' | 'writeDone'
const stamps: Record<Stamp, number[]> = { okRead: [], okHandled: [], lineSent: [], writeCalled: [], writeDone: [] }
let timing = false
const stamp = (what: Stamp) => timing && stamps[what].push(performance.now())

/** The real binding with the opened port's read and write timed. */
function timedResolver(real: BindingResolver): BindingResolver {
  return async (path) => {
    const binding = await real(path)
    return {
      ...binding,
      async open(options) {
        const port = await binding.open(options)
        const read = port.read.bind(port)
        const write = port.write.bind(port)
        port.read = async (buffer, offset, length) => {
          const result = await read(buffer, offset, length)
          if (buffer.subarray(offset, offset + result.bytesRead).includes('ok')) stamp('okRead')
          return result
        }
        port.write = async (buffer) => {
          stamp('writeCalled')
          await write(buffer)
          stamp('writeDone')
        }
        return port
      },
    } as BindingInterface
  }
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * q)] ?? NaN
const firstAtOrAfter = (values: number[], at: number) => values.find((v) => v >= at)
const lastAtOrBefore = (values: number[], at: number) => values.findLast((v) => v <= at)

/** One round trip per ok handled: the stamps around it, paired by time. */
function roundTrips() {
  const parts: Record<string, number[]> = { read: [], engine: [], stream: [], write: [], wait: [] }
  for (const handled of stamps.okHandled) {
    const read = lastAtOrBefore(stamps.okRead, handled)
    const sent = firstAtOrAfter(stamps.lineSent, handled)
    const called = sent === undefined ? undefined : firstAtOrAfter(stamps.writeCalled, sent)
    const done = called === undefined ? undefined : firstAtOrAfter(stamps.writeDone, called)
    const nextRead = done === undefined ? undefined : firstAtOrAfter(stamps.okRead, done)
    if (read === undefined || sent === undefined || called === undefined || done === undefined || nextRead === undefined) continue
    parts.read!.push(handled - read)
    parts.engine!.push(sent - handled)
    parts.stream!.push(called - sent)
    parts.write!.push(done - called)
    parts.wait!.push(nextRead - done)
  }
  return parts
}

const dir = mkdtempSync(join(tmpdir(), 'printgate-round-trip-'))
const printer = await startPrinter(dir, 'round-trip', BAUD)
try {
  const file = join(dir, 'wall.gcode')
  writeFileSync(file, curvedWall(moves))
  const service = createPrinterService({
    clock: createSystemClock(),
    resolveBinding: timedResolver(createBindingResolver()),
    profiles: loadFirmwareProfiles(),
    logger: silentLogger,
    options: { defaultPort: printer.path, defaultBaud: BAUD, profile: 'marlin', flowMode: 'ping-pong', consoleRing: 100 },
  })
  service.events.on('printer:console', ({ direction, line }) => {
    if (direction === 'received' && line.startsWith('ok')) stamp('okHandled')
    else if (direction === 'sent') stamp('lineSent')
  })
  await service.connect()
  timing = true
  const started = performance.now()
  const cpu = process.cpuUsage()
  const { done } = await service.startPrint({ jobId: 'round-trip', path: file })
  const result = await done
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  timing = false
  await service.disconnect()
  if (result.outcome !== 'completed') throw new Error(`the print ended ${result.outcome}: ${result.reason}`)
  const lines = stamps.lineSent.length
  console.log(
    `${lines} lines in ${seconds.toFixed(2)} s = ${(lines / seconds).toFixed(0)} lines/s, ${((seconds * 1000) / lines).toFixed(2)} ms per round trip; host CPU ${((used.user + used.system) / 1000 / lines).toFixed(3)} ms per line`,
  )
  const labels: Record<string, string> = {
    read: "ok's bytes read → its line handled",
    engine: 'line handled → next line sent (engine)',
    stream: 'line sent → binding write called',
    write: 'binding write (syscall)',
    wait: 'write done → next ok read (wire, printer)',
  }
  for (const [part, values] of Object.entries(roundTrips()))
    console.log(
      `${(labels[part] ?? part).padEnd(44)} median ${quantile(values, 0.5).toFixed(3)} ms   p90 ${quantile(values, 0.9).toFixed(3)} ms   (${values.length})`,
    )
} finally {
  await printer.stop()
  rmSync(dir, { recursive: true, force: true })
}
