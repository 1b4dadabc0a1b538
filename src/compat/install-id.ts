// The install's UUID: OctoPrint's `plugins.discovery.upnpUuid` and the zeroconf TXT `uuid`, stable across restarts.
import { randomUUID } from 'node:crypto'
import type { Db } from '../storage/db.js'
import { createKvRepo } from '../storage/queue-repo.js'

const KEY = 'compat.install_uuid'

/** Reads the install's UUID from the database, creating it on first use; a fresh one per process without a database. */
export function installUuid(db: Db | undefined): string {
  if (!db) return randomUUID()
  const kv = createKvRepo(db)
  const known = kv.get(KEY)
  if (known) return known
  const made = randomUUID()
  kv.set(KEY, made)
  return made
}
