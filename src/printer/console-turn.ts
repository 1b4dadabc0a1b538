// Console commands during a print: one goes after enough job lines or enough time, so neither starves the other.

/** While a print runs, a console command (`yieldToJob`) goes after at least this many job lines (about 3 % of the link). */
export const JOB_LINES_PER_CONSOLE_COMMAND = 32
/** ...or this long since the last one went, so a slow print (long moves, dwells) cannot hold a console command for minutes. */
export const CONSOLE_TURN_MS = 1000

export interface ConsoleTurn {
  /** Whether a console command that yields to the job must wait, given that a job line is ready. */
  mustWait(now: number): boolean
  jobLineSent(): void
  consoleSent(now: number): void
}

export function createConsoleTurn(): ConsoleTurn {
  let jobLinesSinceConsole = JOB_LINES_PER_CONSOLE_COMMAND
  let consoleSentAt = -Infinity
  return {
    mustWait: (now) => jobLinesSinceConsole < JOB_LINES_PER_CONSOLE_COMMAND && now - consoleSentAt < CONSOLE_TURN_MS,
    jobLineSent: () => void jobLinesSinceConsole++,
    consoleSent(now) {
      jobLinesSinceConsole = 0
      consoleSentAt = now
    },
  }
}
