// Locates the PrusaSlicer executable: a configured path, else PATH, else the usual install locations.

import { access, constants, stat } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { GatewayError } from '../../core/errors.js'

export const INSTALL_HINT = 'sudo apt-get install prusa-slicer'
const NAMES = ['prusa-slicer', 'PrusaSlicer', 'prusaslicer']
const KNOWN_PATHS = ['/usr/bin/prusa-slicer', '/usr/local/bin/prusa-slicer', '/opt/PrusaSlicer/prusa-slicer']

async function isExecutable(path: string): Promise<boolean> {
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  )
  return (
    isFile &&
    access(path, constants.X_OK).then(
      () => true,
      () => false,
    )
  )
}

/**
 * @param configured an explicit path from the configuration; it must exist, no silent fallback.
 * @param where the PATH to search and the fixed locations to try (defaults: this process's PATH, the usual install paths).
 * @throws GatewayError SLICER_NOT_FOUND naming the install command
 */
export async function findSlicer(configured?: string, where: { path?: string; knownPaths?: string[] } = {}): Promise<string> {
  const searchPath = where.path ?? process.env.PATH ?? ''
  const knownPaths = where.knownPaths ?? KNOWN_PATHS
  if (configured) {
    if (await isExecutable(configured)) return configured
    throw new GatewayError(
      'SLICER_NOT_FOUND',
      `The configured slicer "${configured}" is not an executable file; install PrusaSlicer with "${INSTALL_HINT}" or fix the path`,
      {
        detail: { configured, install: INSTALL_HINT },
      },
    )
  }
  const dirs = searchPath.split(delimiter).filter(Boolean)
  for (const dir of dirs) for (const name of NAMES) if (await isExecutable(join(dir, name))) return join(dir, name)
  for (const path of knownPaths) if (await isExecutable(path)) return path
  throw new GatewayError(
    'SLICER_NOT_FOUND',
    `PrusaSlicer was not found on PATH or in ${knownPaths.join(', ') || 'the usual places'}; install it with "${INSTALL_HINT}"`,
    {
      detail: { searched: [...dirs, ...knownPaths], install: INSTALL_HINT },
    },
  )
}
