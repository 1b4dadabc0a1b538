import { describe, expect, it } from 'vitest'
import { createHostPromptTracker } from './host-prompt.js'
import type { HostPrompt } from './types.js'

describe('host prompt tracker', () => {
  it('opens a firmware dialog on prompt_show with its buttons, answered with M876, closed by prompt_end', () => {
    const seen: (HostPrompt | null)[] = []
    const t = createHostPromptTracker((p) => seen.push(p))
    t.action('prompt_end', '', 0)
    t.action('prompt_begin', 'Paused', 1)
    t.action('prompt_button', 'Purge More', 1)
    t.action('prompt_choice', 'Continue', 1)
    expect(seen).toEqual([])
    t.action('prompt_show', '', 2)
    expect(t.current).toEqual({ text: 'Paused', buttons: ['Purge More', 'Continue'], answer: 'M876', since: 2 })
    t.busy('paused for user', 3)
    t.ok()
    expect(t.current?.answer).toBe('M876')
    t.action('prompt_end', '', 4)
    expect(seen).toEqual([expect.objectContaining({ text: 'Paused' }), null])
    expect(t.action('paused', '', 5)).toBe(false)
  })

  it('a wait for the user without a dialog is a Continue answered with M108, over at the next ok', () => {
    const t = createHostPromptTracker(() => undefined)
    t.busy('processing', 0)
    expect(t.current).toBeNull()
    t.busy('paused for user', 1)
    expect(t.current).toEqual({ text: 'The printer is waiting for you', buttons: ['Continue'], answer: 'M108', since: 1 })
    t.ok()
    expect(t.current).toBeNull()
  })
})
