// Picks the serialport binding for a path: the simulator for `sim://…`, the native binding otherwise.

import type { BindingInterface } from '@serialport/bindings-cpp'
import { GatewayError } from '../core/errors.js'
import { directIoBinding } from './direct-io-binding.js'

export type BindingResolver = (path: string) => Promise<BindingInterface>

export interface BindingResolverOptions {
  /** The simulator's binding (created once by the composition root so tests can reach the sim). */
  sim?: BindingInterface | (() => Promise<BindingInterface>)
  /** Override for the native binding (tests). */
  native?: BindingInterface
}

export function isSimPath(path: string): boolean {
  return path.startsWith('sim://')
}

export function createBindingResolver(options: BindingResolverOptions = {}): BindingResolver {
  let native = options.native
  return async function resolveBinding(path) {
    if (isSimPath(path)) {
      const sim = options.sim
      if (!sim) throw new GatewayError('PRINTER_CONNECT_FAILED', `No simulator is configured for ${path}`)
      return typeof sim === 'function' ? sim() : sim
    }
    if (!native) {
      const { autoDetect } = await import('@serialport/bindings-cpp')
      native = directIoBinding(autoDetect() as unknown as BindingInterface)
    }
    return native
  }
}
