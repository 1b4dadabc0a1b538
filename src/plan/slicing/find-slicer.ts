// Locates the PrusaSlicer executable: a configured path, else PATH, else the usual install locations.

import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { GatewayError } from '../../core/errors.js'

export const INSTALL_HINT = 'sudo apt-get install prusa-slicer'
const NAMES = ['prusa-slicer', 'PrusaSlicer', 'prusaslicer']
const KNOWN_PATHS = ['/usr/bin/prusa-slicer', '/usr/local/bin/prusa-slicer', '/opt/PrusaSlicer/prusa-slicer']

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false)
}

/**
 * @param configured an explicit path from the configuration; it must exist, no silent fallback.
 * @param searchPath the PATH to search (defaults to this process's PATH).
 * @throws GatewayError SLICER_NOT_FOUND naming the install command
 */
export async function findSlicer(configured?: string, searchPath = process.env.PATH ?? ''): Promise<string> {
  if (configured) {
    if (await isExecutable(configured)) return configured
    throw new GatewayError('SLICER_NOT_FOUND', `The configured slicer "${configured}" is not an executable file; install PrusaSlicer with "${INSTALL_HINT}" or fix the path`, {
      detail: { configured, install: INSTALL_HINT },
    })
  }
  const dirs = searchPath.split(delimiter).filter(Boolean)
  for (const dir of dirs) for (const name of NAMES) if (await isExecutable(join(dir, name))) return join(dir, name)
  for (const path of KNOWN_PATHS) if (await isExecutable(path)) return path
  throw new GatewayError('SLICER_NOT_FOUND', `PrusaSlicer was not found on PATH or in ${KNOWN_PATHS.join(', ')}; install it with "${INSTALL_HINT}"`, {
    detail: { searched: [...dirs, ...KNOWN_PATHS], install: INSTALL_HINT },
  })
}
