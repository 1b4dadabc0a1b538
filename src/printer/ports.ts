// What the connection settings offer: serial ports that look like printers, and the firmware profiles with their baud rates.

import { discoverPorts, type DiscoveryDeps } from '../serial/discovery.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import type { PortChoices } from './types.js'

export async function listPortChoices(profiles: ReadonlyMap<string, FirmwareProfile>, deps?: DiscoveryDeps): Promise<PortChoices> {
  const discovery = deps ?? { binding: (await import('@serialport/bindings-cpp')).autoDetect() }
  return {
    ports: await discoverPorts(discovery),
    profiles: [...profiles.values()].map((p) => ({ id: p.id, name: p.name, baudRates: [...p.baudRates] })),
  }
}
