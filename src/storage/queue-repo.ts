// All SQL for the persistent print queue (FIFO of job ids) and small key/value settings.
import type { Db } from './db.js'

export interface QueueRepo {
  enqueue(jobId: string): void
  head(): string | null
  remove(jobId: string): boolean
  list(): string[]
  position(jobId: string): number | null
}

/** `printerId`: the queue of that printer only (the jobs it owns); absent: every queued job. */
export function createQueueRepo(db: Db, now: () => Date = () => new Date(), printerId?: string): QueueRepo {
  const insert = db.prepare('INSERT OR IGNORE INTO print_queue (job_id, enqueued_at) VALUES (?, ?)')
  const mine = printerId === undefined ? '' : 'WHERE job_id IN (SELECT id FROM jobs WHERE printer_id = @printer)'
  const params = printerId === undefined ? {} : { printer: printerId }
  const allStatement = db.prepare(`SELECT job_id FROM print_queue ${mine} ORDER BY position`).pluck()
  const headStatement = db.prepare(`SELECT job_id FROM print_queue ${mine} ORDER BY position LIMIT 1`).pluck()
  const all = { all: () => allStatement.all(params) }
  return {
    enqueue: (jobId) => void insert.run(jobId, now().toISOString()),
    head: () => (headStatement.get(params) as string | undefined) ?? null,
    remove: (jobId) => db.prepare('DELETE FROM print_queue WHERE job_id = ?').run(jobId).changes > 0,
    list: () => all.all() as string[],
    position(jobId) {
      const index = (all.all() as string[]).indexOf(jobId)
      return index < 0 ? null : index + 1
    },
  }
}

export interface KvRepo {
  get(key: string): string | null
  set(key: string, value: string): void
}

/** `keyPrefix`: a namespace (one printer's bed-clear gate among several). */
export function createKvRepo(db: Db, keyPrefix = ''): KvRepo {
  return {
    get: (key) =>
      (db
        .prepare('SELECT value FROM kv WHERE key = ?')
        .pluck()
        .get(keyPrefix + key) as string | undefined) ?? null,
    set: (key, value) =>
      void db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(keyPrefix + key, value),
  }
}
