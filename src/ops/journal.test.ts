// Journal priority prefixes from the logger's JSON lines, only when stdout is the journal.
import { describe, expect, it } from 'vitest'
import { createLogger } from '../core/logger.js'
import { createJournalWriter, journalPrefix } from './journal.js'

describe('journal writer', () => {
  it.each([
    ['{"time":"t","level":"error","msg":"x"}', '<3>'],
    ['{"time":"t","level":"warn","msg":"x"}', '<4>'],
    ['{"time":"t","level":"info","msg":"x"}', '<6>'],
    ['{"time":"t","level":"debug","msg":"x"}', '<7>'],
    ['not json', '<6>'],
  ])('%s → %s', (line, prefix) => expect(journalPrefix(line)).toBe(prefix))

  it('prefixes real logger output under systemd and leaves it plain elsewhere', () => {
    const journal: string[] = []
    const plain: string[] = []
    const now = () => new Date('2026-11-26T08:00:00.000Z')
    createLogger({ level: 'debug', now, write: createJournalWriter({ JOURNAL_STREAM: '8:12345' }, (t) => journal.push(t)) }).warn('hot', { c: 80 })
    createLogger({ level: 'debug', now, write: createJournalWriter({}, (t) => plain.push(t)) }).warn('hot', { c: 80 })
    expect(journal[0]).toMatch(/^<4>\{"time":".*","level":"warn","msg":"hot","c":80\}\n$/)
    expect(plain[0]).toBe(journal[0]!.slice(3))
  })
})
