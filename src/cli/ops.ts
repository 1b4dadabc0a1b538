// `printgate backup` and `printgate restore`: argument parsing and exit codes around src/ops/backup.ts.
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config/load.js'
import { isGatewayError } from '../core/errors.js'
import { backup } from '../ops/backup.js'
import { restore, type RestoreOptions } from '../ops/restore.js'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
/** restore refused because the gateway is running. */
export const EXIT_RUNNING = 3

export interface OpsCliDeps {
  env?: Record<string, string | undefined>
  out?: (line: string) => void
  err?: (line: string) => void
  /** Tests replace the running-gateway detection. */
  detect?: RestoreOptions['detect']
}

const BACKUP_USAGE = `usage: printgate backup [--out FILE.tar.gz|DIR] [--data-dir DIR] [--config-dir DIR]
Copies the database (consistent, even while printgate runs) and the config folder into one .tar.gz.`
const RESTORE_USAGE = `usage: printgate restore ARCHIVE.tar.gz [--data-dir DIR] [--config-dir DIR] [--force]
Puts a backup back. Stop the service first (systemctl stop printgate); --force skips that check.
Replaced files are kept beside the new ones as *.before-restore-<time>.`

const INSTALLED_CONFIG = '/etc/printgate/config.yaml'

/** Data and config folders: flags, else PRINTGATE_* / the installed config, else the gateway's defaults. */
function locate(env: Record<string, string | undefined>, flags: { 'data-dir'?: string | undefined; 'config-dir'?: string | undefined }) {
  const configFile = env.PRINTGATE_CONFIG ?? (existsSync(INSTALLED_CONFIG) ? INSTALLED_CONFIG : undefined)
  const dataDir = flags['data-dir'] ?? loadConfig({ ...env, ...(configFile ? { PRINTGATE_CONFIG: configFile } : {}) }).dataDir
  const configDir = flags['config-dir'] ?? (configFile ? dirname(configFile) : undefined)
  return { dataDir, configDir }
}

function fail(err: (line: string) => void, error: unknown): number {
  err(`printgate: ${error instanceof Error ? error.message : String(error)}`)
  return isGatewayError(error, 'GATEWAY_RUNNING') ? EXIT_RUNNING : EXIT_FAILED
}

export async function runBackup(argv: string[], deps: OpsCliDeps = {}): Promise<number> {
  const { env = process.env, out = console.log, err = console.error } = deps
  let values: { out?: string | undefined; 'data-dir'?: string | undefined; 'config-dir'?: string | undefined; help?: boolean | undefined }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string', short: 'o' }, 'data-dir': { type: 'string' }, 'config-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }))
  } catch (error) {
    err(`${String((error as Error).message)}\n${BACKUP_USAGE}`)
    return EXIT_USAGE
  }
  if (values.help) {
    out(BACKUP_USAGE)
    return EXIT_OK
  }
  try {
    const { dataDir, configDir } = locate(env, values)
    const result = await backup({ dataDir, configDir, out: values.out ?? process.cwd() })
    out(`backup written: ${result.path} (${result.manifest.files.map((f) => f.name).join(', ')})`)
    return EXIT_OK
  } catch (error) {
    return fail(err, error)
  }
}

export async function runRestore(argv: string[], deps: OpsCliDeps = {}): Promise<number> {
  const { env = process.env, out = console.log, err = console.error } = deps
  let parsed: {
    values: { force?: boolean | undefined; 'data-dir'?: string | undefined; 'config-dir'?: string | undefined; help?: boolean | undefined }
    positionals: string[]
  }
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { force: { type: 'boolean' }, 'data-dir': { type: 'string' }, 'config-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (error) {
    err(`${String((error as Error).message)}\n${RESTORE_USAGE}`)
    return EXIT_USAGE
  }
  const { values, positionals } = parsed
  if (values.help) {
    out(RESTORE_USAGE)
    return EXIT_OK
  }
  if (positionals.length !== 1) {
    err(RESTORE_USAGE)
    return EXIT_USAGE
  }
  try {
    const { dataDir, configDir } = locate(env, values)
    const result = await restore({
      archive: positionals[0]!,
      dataDir,
      configDir,
      force: values.force ?? false,
      ...(deps.detect ? { detect: deps.detect } : {}),
    })
    out(`restored: ${result.restored.join(', ')}`)
    if (result.setAside.length) out(`kept the replaced files as: ${result.setAside.join(', ')}`)
    out('start the gateway again: systemctl start printgate')
    return EXIT_OK
  } catch (error) {
    return fail(err, error)
  }
}
