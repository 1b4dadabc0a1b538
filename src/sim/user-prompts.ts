// M0/M1 and M600 in the simulated Marlin: park the planner, announce a host prompt, wait for the user.
/*
 * As Marlin with HOST_PROMPT_SUPPORT and EMERGENCY_PARSER: the prompt is `//action:prompt_begin <text>`, one
 * `//action:prompt_button <label>` per choice and `//action:prompt_show`; while waiting the firmware prints
 * `echo:busy: paused for user` every keep-alive interval. M108 or `M876 S<n>` (caught by the emergency
 * parser: the main loop is blocked, so without it only the printer's own button would answer) ends the wait.
 * M600 first asks to confirm the parked nozzle, then offers "Purge More" (S0, asks again) or "Continue" (S1).
 */
import type { CommandContext, Outcome, Wait } from './commands.js'
import type { Words } from './motion.js'

export const PAUSED_FOR_USER = 'echo:busy: paused for user'

function prompt(ctx: CommandContext, text: string, buttons: string[]): void {
  ctx.say('//action:prompt_end')
  ctx.say(`//action:prompt_begin ${text}`)
  for (const label of buttons) ctx.say(`//action:prompt_button ${label}`)
  ctx.say('//action:prompt_show')
  ctx.waitForUser = true
  ctx.promptChoice = null
}

/** Waits for the planner to empty, then runs `steps` in turn; each step returns true when it is done. */
function syncedSteps(ctx: CommandContext, steps: ((now: number) => boolean | number)[]): Outcome {
  let synced = false
  let index = 0
  const wait: Wait = {
    busyText: PAUSED_FOR_USER,
    poll(now) {
      if (!synced) {
        const drained = ctx.planner.drainedAt(now)
        if (drained > now) return drained
        synced = true
      }
      while (index < steps.length) {
        const step = steps[index] as (now: number) => boolean | number
        const result = step(now)
        if (result === false) return now + 1000
        if (typeof result === 'number') return result
        index++
      }
      return null
    },
  }
  return { wait }
}

/** M0/M1 [S<seconds>|P<ms>] [message]: with a time, waits at most that long. */
export function pauseForUser(ctx: CommandContext, words: Words, args: string): Outcome {
  const ms = (words.get('P') ?? 0) + (words.get('S') ?? 0) * 1000
  const text = args.replace(/^\s*([SP]\d+\s*)*/, '').trim() || 'Click to resume...'
  let shownAt: number | null = null
  return syncedSteps(ctx, [
    (now) => {
      if (shownAt === null) {
        shownAt = now
        prompt(ctx, text, ['Continue'])
      }
      if (!ctx.waitForUser) return true
      if (ms > 0) return now >= shownAt + ms * ctx.options.timeScale ? true : shownAt + ms * ctx.options.timeScale
      return false
    },
    () => {
      ctx.waitForUser = false
      ctx.say('//action:prompt_end')
      return true
    },
  ])
}

/** M600: park, confirm the nozzle, purge until the user continues. */
export function filamentChange(ctx: CommandContext): Outcome {
  let stage: 'start' | 'parked' | 'purge' = 'start'
  return syncedSteps(ctx, [
    () => {
      if (stage === 'start') {
        ctx.say('//action:paused')
        prompt(ctx, 'Nozzle Parked', ['Continue'])
        stage = 'parked'
      }
      if (ctx.waitForUser) return false
      return true
    },
    () => {
      if (stage === 'parked' || (stage === 'purge' && !ctx.waitForUser && ctx.promptChoice === 0)) {
        prompt(ctx, 'Paused', ['Purge More', 'Continue'])
        stage = 'purge'
        return false
      }
      return !ctx.waitForUser
    },
    () => {
      ctx.say('//action:prompt_end')
      ctx.say('//action:resumed')
      return true
    },
  ])
}
