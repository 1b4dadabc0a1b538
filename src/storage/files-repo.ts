// All SQL for uploaded files (G-code and STL) and their analysis.
import type { Db } from './db.js'
import type { FileRecord } from './job-records.js'

type Row = Record<string, unknown>

const toFile = (row: Row): FileRecord => ({
  id: row.id as string,
  name: row.name as string,
  kind: row.kind as FileRecord['kind'],
  size: row.size as number,
  sha256: row.sha256 as string,
  storedName: row.stored_name as string,
  createdAt: row.created_at as string,
  analysis: row.analysis ? JSON.parse(String(row.analysis)) : null,
})

export interface FilesRepo {
  insert(file: FileRecord): void
  get(id: string): FileRecord | null
  list(): FileRecord[]
  delete(id: string): boolean
}

export function createFilesRepo(db: Db): FilesRepo {
  return {
    insert(f) {
      db.prepare('INSERT INTO files (id, name, kind, size, sha256, stored_name, created_at, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        f.id,
        f.name,
        f.kind,
        f.size,
        f.sha256,
        f.storedName,
        f.createdAt,
        f.analysis ? JSON.stringify(f.analysis) : null,
      )
    },
    get(id) {
      const row = db.prepare('SELECT * FROM files WHERE id = ?').get(id) as Row | undefined
      return row ? toFile(row) : null
    },
    list: () => (db.prepare('SELECT * FROM files ORDER BY created_at DESC, rowid DESC').all() as Row[]).map(toFile),
    delete: (id) => db.prepare('DELETE FROM files WHERE id = ?').run(id).changes > 0,
  }
}
