// The service's entry: reads the config, starts the gateway (src/gateway.ts), listens, and shuts down cleanly on signals.
import { loadConfig } from './config/load.js'
import { createLogger } from './core/logger.js'
import { createGateway } from './gateway.js'
import { createJournalWriter } from './ops/journal.js'

async function main(): Promise<void> {
  const config = loadConfig()
  const logger = createLogger({ level: config.logging.level, write: createJournalWriter() }).child({ service: 'printgate' })
  const gateway = await createGateway(config, logger)
  await gateway.start()
  await gateway.listen()

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
