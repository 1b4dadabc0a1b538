// The firmware waiting for a person: `//action:prompt_*` dialogs and `busy: paused for user`, as one open prompt.
/*
 * A prompt opens on `//action:prompt_show` (after `prompt_begin <text>` and its `prompt_button`/`prompt_choice`
 * lines) and closes on `prompt_end`; its answer is `M876 S<button index>`. A firmware that says
 * `busy: paused for user` (M0/M1/M600) without a prompt gets a plain "Continue" answered with M108, and that one
 * closes with the next ok. The emergency parser (Cap:EMERGENCY_PARSER) is what lets a blocked firmware hear either.
 */
import type { HostPrompt } from './types.js'

export interface HostPromptTracker {
  /** Feeds an `//action:` line; returns true when it was a prompt line. */
  action(action: string, argument: string, now: number): boolean
  /** Feeds a busy keep-alive's reason. */
  busy(reason: string, now: number): void
  /** An ok arrived: a wait without a firmware dialog is over. */
  ok(): void
  clear(): void
  readonly current: HostPrompt | null
}

const PAUSED_FOR_USER = /paused for (user|input)/i

export function createHostPromptTracker(onChange: (prompt: HostPrompt | null) => void): HostPromptTracker {
  let current: HostPrompt | null = null
  let draft: { text: string; buttons: string[] } | null = null

  function set(next: HostPrompt | null): void {
    if (next === null && current === null) return
    current = next
    onChange(next)
  }

  return {
    action(action, argument, now) {
      switch (action) {
        case 'prompt_begin':
          draft = { text: argument, buttons: [] }
          return true
        case 'prompt_button':
        case 'prompt_choice':
          draft?.buttons.push(argument)
          return true
        case 'prompt_show':
          if (draft) set({ text: draft.text, buttons: draft.buttons.length > 0 ? draft.buttons : ['Continue'], answer: 'M876', since: now })
          draft = null
          return true
        case 'prompt_end':
          draft = null
          set(null)
          return true
        default:
          return false
      }
    },
    busy(reason, now) {
      if (current === null && PAUSED_FOR_USER.test(reason)) set({ text: 'The printer is waiting for you', buttons: ['Continue'], answer: 'M108', since: now })
    },
    ok() {
      if (current?.answer === 'M108') set(null)
    },
    clear() {
      draft = null
      set(null)
    },
    get current() {
      return current
    },
  }
}
