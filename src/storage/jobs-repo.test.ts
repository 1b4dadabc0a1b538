// Storage: migrations on a real file, job updates with their events, the finished-job guard, the queue.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobRecord } from './job-records.js'
import { openDatabase } from './db.js'
import { createJobsRepo } from './jobs-repo.js'
import { createQueueRepo } from './queue-repo.js'

function job(id: string, createdAt: string): JobRecord {
  return {
    id,
    source: 'text',
    userRequest: 'print a 20 mm cube',
    userId: 'anonymous',
    printerProfile: null,
    qualityLevel: 'standard',
    metadata: { a: 1 },
    fileId: null,
    status: 'pending',
    currentStep: 'Initializing workflow',
    message: 'queued',
    progress: 0,
    createdAt,
    updatedAt: createdAt,
    startedAt: null,
    finishedAt: null,
    errorCode: null,
    errorMessage: null,
    outputs: {},
    gcodeHash: null,
    estimatedSeconds: null,
    actualSeconds: null,
    filamentMm: null,
    layer: null,
    layerCount: null,
    z: null,
    lastLine: null,
    byteOffset: null,
    printElapsedMs: null,
  }
}

describe('jobs repository', () => {
  it('migrates a real file in WAL mode and keeps data and the queue across reopening', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pg-db-')), 'printgate.db')
    let db = openDatabase(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const repo = createJobsRepo(db)
    repo.insert(job('a', '2026-01-01T00:00:00.000Z'), [{ name: 'research', status: 'pending' }], { type: 'created' })
    repo.insert(job('b', '2026-01-02T00:00:00.000Z'), [], { type: 'created' })
    createQueueRepo(db).enqueue('b')
    createQueueRepo(db).enqueue('a')
    db.close()
    db = openDatabase(path)
    const again = createJobsRepo(db)
    expect(again.get('a')?.metadata).toEqual({ a: 1 })
    expect(again.steps('a')).toMatchObject([{ name: 'research', status: 'pending' }])
    expect(createQueueRepo(db).list()).toEqual(['b', 'a'])
    expect(again.list({ limit: 10, offset: 0 }).items.map((j) => j.id)).toEqual(['b', 'a'])
    expect(again.list({ limit: 10, offset: 0, status: 'nope' })).toEqual({ items: [], total: 0 })
  })

  it('writes a state change with its event and never changes a finished job', () => {
    const repo = createJobsRepo(openDatabase(':memory:'))
    repo.insert(job('a', '2026-01-01T00:00:00.000Z'), [], { type: 'created' })
    expect(repo.update('a', { status: 'cancelled', message: 'Workflow cancelled by user' }, { type: 'status', message: 'cancel' })?.status).toBe('cancelled')
    expect(repo.update('a', { status: 'completed' }, { type: 'status' })).toBeNull()
    expect(repo.get('a')?.status).toBe('cancelled')
    expect(repo.events('a').map((e) => [e.type, e.status])).toEqual([
      ['created', 'pending'],
      ['status', 'cancelled'],
    ])
  })
})
