// @jscad/modeling, required on first use: reading a request never builds geometry, so the gateway holds jscad (≈8 MB) only once a model is made.
import { createRequire } from 'node:module'
import type Jscad from '@jscad/modeling'

let loaded: typeof Jscad | undefined
const load = (): typeof Jscad => (loaded ??= createRequire(import.meta.url)('@jscad/modeling') as typeof Jscad)

const namespaces = new Map<string | symbol, object>()
/** `jscad.transforms` etc. are stand-ins that load jscad when one of their members is used, so destructuring them costs nothing. */
const namespace = (name: string | symbol): object => {
  let stand = namespaces.get(name)
  if (!stand) {
    stand = new Proxy({}, { get: (_target, key) => (load() as unknown as Record<string | symbol, Record<string | symbol, unknown>>)[name]![key] })
    namespaces.set(name, stand)
  }
  return stand
}

const jscad = new Proxy({}, { get: (_target, name) => namespace(name) }) as typeof Jscad
export default jscad
