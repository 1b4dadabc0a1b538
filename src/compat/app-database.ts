// Moonraker's server.database.*: namespaces of JSON documents, items addressed by dotted keys, stored in SQLite (src/storage).
import { GatewayError } from '../core/errors.js'
import type { AppDatabaseRepo } from '../storage/app-database-repo.js'

const NAMESPACE = /^[A-Za-z0-9_.-]{1,64}$/
const MAX_DOCUMENT_BYTES = 512 * 1024

type Doc = Record<string, unknown>

const path = (key: string | undefined): string[] => (key ? key.split('.').filter((p) => p !== '') : [])
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v)
const notFound = (what: string) => new GatewayError('NOT_FOUND', what)

function checkNamespace(namespace: unknown): string {
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace))
    throw new GatewayError('BAD_REQUEST', 'namespace must be 1–64 letters, digits, "_", "." or "-"')
  return namespace
}

export interface AppDatabase {
  list(): { namespaces: string[] }
  get(namespace: unknown, key?: string): { namespace: string; key: string | null; value: unknown }
  post(namespace: unknown, key: string | undefined, value: unknown): { namespace: string; key: string; value: unknown }
  remove(namespace: unknown, key: string | undefined): { namespace: string; key: string; value: unknown }
}

export function createAppDatabase(repo: AppDatabaseRepo): AppDatabase {
  return {
    list: () => ({ namespaces: repo.namespaces() }),
    get(ns, key) {
      const namespace = checkNamespace(ns)
      let value: unknown = repo.read(namespace)
      if (value === null) throw notFound(`Namespace '${namespace}' not found`)
      for (const part of path(key)) {
        if (!isDoc(value) || !(part in value)) throw notFound(`Key '${key}' in namespace '${namespace}' not found`)
        value = value[part]
      }
      return { namespace, key: key ?? null, value }
    },
    post(ns, key, value) {
      const namespace = checkNamespace(ns)
      const parts = path(key)
      if (parts.length === 0) throw new GatewayError('BAD_REQUEST', 'key is required')
      const doc = repo.read(namespace) ?? {}
      let node: Doc = doc
      for (const part of parts.slice(0, -1)) {
        if (!isDoc(node[part])) node[part] = {}
        node = node[part] as Doc
      }
      node[parts[parts.length - 1]!] = value
      if (Buffer.byteLength(JSON.stringify(doc)) > MAX_DOCUMENT_BYTES)
        throw new GatewayError('PAYLOAD_TOO_LARGE', `A namespace holds at most ${MAX_DOCUMENT_BYTES} bytes`)
      repo.write(namespace, doc)
      return { namespace, key: key!, value }
    },
    remove(ns, key) {
      const namespace = checkNamespace(ns)
      const parts = path(key)
      const doc = repo.read(namespace)
      if (!doc) throw notFound(`Namespace '${namespace}' not found`)
      if (parts.length === 0) throw new GatewayError('BAD_REQUEST', 'key is required')
      let node: unknown = doc
      for (const part of parts.slice(0, -1)) node = isDoc(node) ? node[part] : undefined
      const last = parts[parts.length - 1]!
      if (!isDoc(node) || !(last in node)) throw notFound(`Key '${key}' in namespace '${namespace}' not found`)
      const value = node[last]
      delete node[last]
      if (Object.keys(doc).length === 0) repo.drop(namespace)
      else repo.write(namespace, doc)
      return { namespace, key: key!, value }
    },
  }
}
