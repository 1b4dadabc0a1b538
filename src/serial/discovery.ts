// Finds candidate printer ports: the binding's list (udev, may throw), the stable /dev/serial/by-id and by-path names, and tty globs.

import { readdir, realpath } from 'node:fs/promises'
import type { BindingInterface } from '@serialport/bindings-cpp'

export interface DiscoveredPort {
  path: string
  /** Where it was found: the binding's list, a stable name (by-id: the board's serial number; by-path: the USB socket), or a /dev scan. */
  source: 'list' | 'by-id' | 'by-path' | 'dev'
  /** A stable name's device (symlink resolved), e.g. /dev/ttyUSB0. */
  target?: string
  /** A device's stable names (by-id first; by-path for boards without a serial number, as many Creality boards). */
  aliases?: string[]
  manufacturer?: string
  vendorId?: string
  productId?: string
}

export interface DiscoveryDeps {
  binding?: Pick<BindingInterface, 'list'>
  readDir?: (dir: string) => Promise<string[]>
  realPath?: (path: string) => Promise<string>
}

const DEV_PATTERN = /^tty(USB|ACM)\d+$/

/** Lists likely printer ports; never throws (a missing udevadm or /dev folder just yields fewer ports). */
export async function discoverPorts(deps: DiscoveryDeps = {}): Promise<DiscoveredPort[]> {
  const readDir = deps.readDir ?? ((dir: string) => readdir(dir))
  const found = new Map<string, DiscoveredPort>()
  if (deps.binding) {
    try {
      for (const info of await deps.binding.list()) {
        found.set(info.path, {
          path: info.path,
          source: 'list',
          ...(info.manufacturer ? { manufacturer: info.manufacturer } : {}),
          ...(info.vendorId ? { vendorId: info.vendorId } : {}),
          ...(info.productId ? { productId: info.productId } : {}),
        })
      }
    } catch {
      // SerialPort.list() shells out to udevadm, which containers and CI images lack.
    }
  }
  const realPath = deps.realPath ?? ((path: string) => realpath(path))
  const scan = async (dir: string, source: DiscoveredPort['source'], keep: (name: string) => boolean) => {
    try {
      for (const name of (await readDir(dir)).sort()) {
        const path = `${dir}/${name}`
        if (!keep(name) || found.has(path)) continue
        const target = source === 'by-id' || source === 'by-path' ? await realPath(path).catch(() => null) : null
        found.set(path, { path, source, ...(target ? { target } : {}) })
      }
    } catch {
      // The folder does not exist when no USB serial device is plugged in.
    }
  }
  await scan('/dev/serial/by-id', 'by-id', () => true)
  await scan('/dev/serial/by-path', 'by-path', () => true)
  await scan('/dev', 'dev', (name) => DEV_PATTERN.test(name))
  const ports = [...found.values()]
  for (const port of ports) {
    const aliases = ports.filter((p) => p.target === port.path).map((p) => p.path)
    if (aliases.length > 0) port.aliases = aliases
  }
  // Stable names first: by-id, then by-path, then the rest.
  const rank = (p: DiscoveredPort) => (p.source === 'by-id' ? 0 : p.source === 'by-path' ? 1 : 2)
  return ports.sort((a, b) => rank(a) - rank(b))
}

/** Baud rates to try, the configured one first, then the profile's list without duplicates. */
export function baudCandidates(configured: number | undefined, profileRates: readonly number[]): number[] {
  const rates = configured ? [configured, ...profileRates] : [...profileRates]
  return [...new Set(rates)]
}
