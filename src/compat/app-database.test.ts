// Moonraker's database semantics: dotted keys, whole namespaces, 404 for the missing, deletes that empty a namespace drop it.
import { describe, expect, it } from 'vitest'
import { createMemoryAppDatabase } from '../storage/app-database-repo.js'
import { openDatabase } from '../storage/db.js'
import { createAppDatabaseRepo } from '../storage/app-database-repo.js'
import { createAppDatabase } from './app-database.js'

describe.each([
  ['memory', () => createMemoryAppDatabase()],
  ['SQLite', () => createAppDatabaseRepo(openDatabase(':memory:'))],
])('app database (%s)', (_, repo) => {
  it('posts, reads and deletes nested items', () => {
    const db = createAppDatabase(repo())
    db.post('mainsail', 'general.printername', 'desk')
    db.post('mainsail', 'general.language', 'en')
    expect(db.get('mainsail', 'general').value).toEqual({ printername: 'desk', language: 'en' })
    expect(db.get('mainsail').value).toEqual({ general: { printername: 'desk', language: 'en' } })
    expect(db.remove('mainsail', 'general.language').value).toBe('en')
    expect(db.list().namespaces).toEqual(['mainsail'])
    db.remove('mainsail', 'general')
    expect(db.list().namespaces).toEqual([])
  })

  it('answers 404 for a missing namespace or key and 400 for a bad namespace', () => {
    const db = createAppDatabase(repo())
    db.post('fluidd', 'a', 1)
    expect(() => db.get('nobody')).toThrow(/not found/)
    expect(() => db.get('fluidd', 'b.c')).toThrow(/not found/)
    expect(() => db.get('../etc')).toThrow(/namespace/)
    expect(() => db.post('fluidd', undefined, 1)).toThrow(/key/)
  })
})
