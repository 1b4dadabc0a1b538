// All SQL for the persistent print queue (FIFO of job ids) and small key/value settings.
import type { Db } from './db.js'

export interface QueueRepo {
  enqueue(jobId: string): void
  head(): string | null
  remove(jobId: string): boolean
  list(): string[]
  position(jobId: string): number | null
}

export function createQueueRepo(db: Db, now: () => Date = () => new Date()): QueueRepo {
  const insert = db.prepare('INSERT OR IGNORE INTO print_queue (job_id, enqueued_at) VALUES (?, ?)')
  const all = db.prepare('SELECT job_id FROM print_queue ORDER BY position').pluck()
  return {
    enqueue: (jobId) => void insert.run(jobId, now().toISOString()),
    head: () => (db.prepare('SELECT job_id FROM print_queue ORDER BY position LIMIT 1').pluck().get() as string | undefined) ?? null,
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

export function createKvRepo(db: Db): KvRepo {
  return {
    get: (key) => (db.prepare('SELECT value FROM kv WHERE key = ?').pluck().get(key) as string | undefined) ?? null,
    set: (key, value) => void db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value),
  }
}
