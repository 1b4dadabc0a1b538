// What waits to go, in the order it goes: lines sent again after a resend, then queued commands (a console command
// waits its turn behind job lines), then the job's next line (pulled from the job only when wanted, held until it fits).
import type { Clock } from '../core/clock.js'
import { createConsoleTurn } from './console-turn.js'
import type { JobLine } from './line-source.js'
import { createEntry, type SendEntry } from './send-entry.js'

export interface OutboxDeps {
  clock: Clock
  /** The next job line when the job may feed; null when paused, idle or waiting for the disk. */
  pullJobLine(): JobLine | null
  /** The ok timeout for a command text. */
  timeoutFor(command: string): number
}

export type Outbox = ReturnType<typeof createOutbox>

export function createOutbox(deps: OutboxDeps) {
  let replay: SendEntry[] = []
  const commands: SendEntry[] = []
  let held: { line: JobLine; entry: SendEntry } | null = null
  /** A console flood cannot starve a print, nor a print a console command. */
  const consoleTurn = createConsoleTurn()

  /** Pulls the next job line into `held` when there is none; true when a job line waits to be sent. */
  function jobLineReady(): boolean {
    if (held) return true
    const line = deps.pullJobLine()
    if (!line) return false
    held = { line, entry: createEntry('job', line.command, { job: line, timeoutMs: deps.timeoutFor(line.command) }) }
    return true
  }

  return {
    /** The first line to send again, if a resend left any. */
    nextReplay: (): SendEntry | undefined => replay[0],
    takeReplay(): void {
      replay.shift()
    },
    /** The first queued command, unless it is a console command whose turn has not come while a job line is ready. */
    nextCommand(): SendEntry | undefined {
      const command = commands[0]
      if (!command) return undefined
      return command.yieldsToJob && consoleTurn.mustWait(deps.clock.now()) && jobLineReady() ? undefined : command
    },
    takeCommand(): void {
      const command = commands.shift()
      if (command?.yieldsToJob) consoleTurn.consoleSent(deps.clock.now())
    },
    /** The job line to send next (pulled if none is held), or undefined. */
    nextJobEntry: (): SendEntry | undefined => (jobLineReady() ? held?.entry : undefined),
    takeJobEntry(): void {
      held = null
      consoleTurn.jobLineSent()
    },
    queue(command: SendEntry, first = false): void {
      if (first) commands.unshift(command)
      else commands.push(command)
    },
    /** Lines to send again from a resend request on, in place of any earlier replay. */
    replayLines(lines: SendEntry[]): void {
      replay = lines
    },
    /** A line taken off the wire goes again before the replay that waits behind it. */
    replayFirst(entry: SendEntry): void {
      replay.unshift(entry)
    },
    hasReset: (): boolean => commands.some((c) => c.kind === 'reset'),
    /** A console command's turn came by time alone: it may go without waiting for an ok. */
    consoleWaiting: (): boolean => commands[0]?.yieldsToJob === true,
    count: (): number => commands.length + replay.length + (held ? 1 : 0),
    dropHeldJobLine(): JobLine | null {
      const line = held?.line ?? null
      held = null
      return line
    },
    /** Job lines to send again and the held one, in order. */
    jobLines(): JobLine[] {
      const lines = replay.filter((e) => e.job).map((e) => e.job as JobLine)
      if (held) lines.push(held.line)
      return lines
    },
    /** Forgets everything; returns the entries that were queued (not the held job line). */
    clear(): SendEntry[] {
      const all = [...replay, ...commands]
      replay = []
      commands.length = 0
      held = null
      return all
    },
  }
}
