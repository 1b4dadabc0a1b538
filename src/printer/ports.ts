// What the connection settings offer: serial ports that look like printers, and the firmware profiles with their baud rates.

import { autoDetect } from '@serialport/bindings-cpp'
import { discoverPorts, type DiscoveredPort, type DiscoveryDeps } from '../serial/discovery.js'
import type { FirmwareProfile } from '../profiles/schema.js'

export interface PortChoices {
  ports: DiscoveredPort[]
  profiles: { id: string; name: string; baudRates: number[] }[]
}

export async function listPortChoices(profiles: ReadonlyMap<string, FirmwareProfile>, deps: DiscoveryDeps = { binding: autoDetect() }): Promise<PortChoices> {
  return {
    ports: await discoverPorts(deps),
    profiles: [...profiles.values()].map((p) => ({ id: p.id, name: p.name, baudRates: [...p.baudRates] })),
  }
}
