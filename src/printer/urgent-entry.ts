// Urgent lines (written at once, outside the queue and the window): the ones the firmware still answers with an ok.
import { commandCode } from '../protocol/commands.js'
import { createEntry, type SendEntry } from './send-entry.js'

/** Emergency commands the firmware also queues and answers with an ok (M112 kills instead). */
const URGENT_WITH_OK: ReadonlySet<string> = new Set(['M108', 'M410', 'M876'])

/** The in-flight entry that absorbs the ok an urgent line will get, or null when none will come. */
export function urgentEntry(text: string, now: number, timeoutMs: number): SendEntry | null {
  const code = commandCode(text)
  return code !== null && URGENT_WITH_OK.has(code) ? createEntry('urgent', text, { sentAt: now, timeoutMs }) : null
}
