// What the sender keeps for every line on the wire: its framed text, size, number and who waits for its ok.

import type { JobLine } from './line-source.js'

export type EntryKind = 'job' | 'command' | 'reset' | 'phantom' | 'urgent'

export interface SendEntry {
  kind: EntryKind
  /** The prepared command (used for its timeout and for logs). */
  command: string
  /** The framed wire text without the newline. */
  wire: string
  /** Bytes on the wire including the newline. */
  bytes: number
  /** Line number when the line is numbered. */
  n: number | null
  timeoutMs: number
  sentAt: number
  /** Sent only when nothing else is in flight; nothing follows it until its ok. */
  barrier: boolean
  /** A console command: while a print runs it waits its turn behind job lines instead of going first. */
  yieldsToJob: boolean
  /** Sent without `N…*cs` even while lines are numbered (a host keep-alive; Prusa's M602 that sets the number itself). */
  unnumbered?: boolean
  job: JobLine | null
  /** A job line's confirmation was reported (a timeout's guess, or an ok); a replay after a resend does not repeat it. */
  confirmed: boolean
  /** Reply lines collected for a console command, up to and including its ok. */
  replies: string[] | null
  resolve: ((lines: string[]) => void) | null
  reject: ((error: Error) => void) | null
}

export function createEntry(kind: EntryKind, command: string, fields: Partial<SendEntry> = {}): SendEntry {
  return {
    kind,
    command,
    wire: command,
    bytes: command.length + 1,
    n: null,
    timeoutMs: 0,
    sentAt: 0,
    barrier: false,
    yieldsToJob: false,
    job: null,
    confirmed: false,
    replies: null,
    resolve: null,
    reject: null,
    ...fields,
  }
}
