// All SQL for the apps' key-value database: one JSON document per namespace.
import type { Db } from './db.js'

export interface AppDatabaseRepo {
  namespaces(): string[]
  read(namespace: string): Record<string, unknown> | null
  write(namespace: string, value: Record<string, unknown>): void
  drop(namespace: string): void
}

export function createAppDatabaseRepo(db: Db): AppDatabaseRepo {
  return {
    namespaces: () => db.prepare('SELECT namespace FROM app_database ORDER BY namespace').pluck().all() as string[],
    read(namespace) {
      const raw = db.prepare('SELECT value FROM app_database WHERE namespace = ?').pluck().get(namespace) as string | undefined
      return raw === undefined ? null : (JSON.parse(raw) as Record<string, unknown>)
    },
    write: (namespace, value) =>
      void db
        .prepare('INSERT INTO app_database (namespace, value) VALUES (?, ?) ON CONFLICT (namespace) DO UPDATE SET value = excluded.value')
        .run(namespace, JSON.stringify(value)),
    drop: (namespace) => void db.prepare('DELETE FROM app_database WHERE namespace = ?').run(namespace),
  }
}

/** The same contract kept in memory, for a gateway wired without a database (route unit tests). */
export function createMemoryAppDatabase(): AppDatabaseRepo {
  const docs = new Map<string, string>()
  return {
    namespaces: () => [...docs.keys()].sort(),
    read: (namespace) => (docs.has(namespace) ? (JSON.parse(docs.get(namespace)!) as Record<string, unknown>) : null),
    write: (namespace, value) => void docs.set(namespace, JSON.stringify(value)),
    drop: (namespace) => void docs.delete(namespace),
  }
}
