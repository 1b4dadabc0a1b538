// `npm run sim -- --pty /tmp/printer [--baud 115200] [--latencyMs 3] [--corrupt 0.01] …`: a simulated Marlin on a pty.
import { createWriteStream, type WriteStream } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSimOptions } from './options.js'
import { startPtyServer } from './pty-server.js'
import { startStatusFile } from './status-file.js'

const USAGE = `usage: npm run sim -- --pty /tmp/printer [--baud 115200] [--replugMs 2000] [--statusFile PATH] [--executedLog PATH] [--<option> <value> …]
options are the sim:// URL parameters (see src/sim/options.ts), e.g. --latencyMs 3 --advancedOk 1 --corrupt 0.01`

/** Turns `--key value` pairs into a record; `--flag` alone means "1". */
export function parseCliArgs(argv: string[]): { pty: string; replugMs: number; statusFile?: string; executedLog?: string; sim: Record<string, string> } {
  const values: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (!arg.startsWith('--')) throw new TypeError(`unexpected argument "${arg}"\n${USAGE}`)
    const next = argv[i + 1]
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    if (inline !== undefined) values[key] = inline
    else if (next !== undefined && !next.startsWith('--')) {
      values[key] = next
      i++
    } else values[key] = '1'
  }
  const { pty, replugMs, statusFile, executedLog, ...sim } = values
  if (!pty) throw new TypeError(`--pty is required\n${USAGE}`)
  return {
    pty,
    replugMs: replugMs === undefined ? 2000 : Number(replugMs),
    ...(statusFile ? { statusFile } : {}),
    ...(executedLog ? { executedLog } : {}),
    sim: { baud: '115200', ...sim },
  }
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2))
  // Signals are handled from the start: one that arrives while the pty is being set up still closes it.
  const started = startPtyServer({ ptyPath: args.pty, sim: parseSimOptions(args.sim), replugMs: args.replugMs, log: (m) => console.log(m) })
  let stopStatus = (): void => undefined
  let executedLog: WriteStream | null = null
  const stop = (signal: string): void => {
    console.log(`${signal}: shutting down`)
    stopStatus()
    const logClosed = new Promise<void>((resolve) => (executedLog ? executedLog.end(resolve) : resolve()))
    Promise.all([started.then((server) => server.close()), logClosed]).then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  const server = await started
  if (args.statusFile) stopStatus = startStatusFile(args.statusFile, () => server.printer)
  // `<ms>\t<command>` per executed command, for benchmarks that time a host from outside (bench/versus-printcore.ts).
  if (args.executedLog) {
    const log = createWriteStream(args.executedLog)
    executedLog = log
    server.printer.events.on('executed', (e) => log.write(`${e.at.toFixed(3)}\t${e.command}\n`))
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
