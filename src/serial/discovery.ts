// Finds candidate printer ports: the binding's list (udev, may throw) plus /dev/serial/by-id and tty globs.

import { readdir } from 'node:fs/promises'
import type { BindingInterface } from '@serialport/bindings-cpp'

export interface DiscoveredPort {
  path: string
  /** Where it was found: the binding's list or a /dev scan. */
  source: 'list' | 'by-id' | 'dev'
  manufacturer?: string
  vendorId?: string
  productId?: string
}

export interface DiscoveryDeps {
  binding?: Pick<BindingInterface, 'list'>
  readDir?: (dir: string) => Promise<string[]>
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
  const scan = async (dir: string, source: DiscoveredPort['source'], keep: (name: string) => boolean) => {
    try {
      for (const name of (await readDir(dir)).sort()) {
        const path = `${dir}/${name}`
        if (keep(name) && !found.has(path)) found.set(path, { path, source })
      }
    } catch {
      // The folder does not exist when no USB serial device is plugged in.
    }
  }
  await scan('/dev/serial/by-id', 'by-id', () => true)
  await scan('/dev', 'dev', (name) => DEV_PATTERN.test(name))
  return [...found.values()]
}

/** Baud rates to try, the configured one first, then the profile's list without duplicates. */
export function baudCandidates(configured: number | undefined, profileRates: readonly number[]): number[] {
  const rates = configured ? [configured, ...profileRates] : [...profileRates]
  return [...new Set(rates)]
}
