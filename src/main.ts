// The service's entry: reads the config, starts the gateway (src/gateway.ts), listens, and shuts down cleanly on signals.
import { loadConfig } from './config/load.js'
import { createLogger } from './core/logger.js'
import { createGateway } from './gateway.js'
import { startHeapTrim } from './core/heap-trim.js'
import { createJournalWriter } from './ops/journal.js'
import { isDiskFull } from './core/disk-full.js'
import type { Logger } from './core/logger.js'

/**
 * Last line of defence: a write the full disk refused, thrown where nothing catches it, must not end the
 * process (and the print with it). Every other uncaught error still ends it, as Node would.
 */
function keepRunningOnDiskFull(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    if (isDiskFull(error)) return logger.warn('a write failed: the data disk is full; carrying on', { error })
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  })
  process.on('unhandledRejection', (reason) => {
    if (isDiskFull(reason)) return logger.warn('a write failed: the data disk is full; carrying on', { error: reason })
    throw reason
  })
}

async function main(): Promise<void> {
  const config = loadConfig()
  const logger = createLogger({ level: config.logging.level, write: createJournalWriter() }).child({ service: 'printgate' })
  keepRunningOnDiskFull(logger)
  const gateway = await createGateway(config, logger)
  await gateway.start()
  await gateway.listen()
  // The gateway's old generation climbs 6 MB past its live heap while printing, in pages V8 keeps; compacted 2 MB past it
  // (a 20–100 ms pause every ~40 s, `npm run bench:memory`). Not with the engine on this event loop (`in-process`): the
  // pause would reach the serial link. Needs `--expose-gc` (systemd unit, `npm start`).
  if (config.printer.engine === 'process') startHeapTrim({ slackBytes: 2 * 1024 * 1024, intervalMs: 1000, flavor: 'last-resort' })

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal, onPrint: config.printer.onShutdown })
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, 30_000)
    force.unref()
    await gateway.close()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`printgate failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
