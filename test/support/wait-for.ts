// Waiting in tests: poll a condition with a bound that fails naming what it waited for (never a fixed sleep).

/**
 * Polls `fn` until it returns a truthy value, or fails after `timeoutMs` with `what` (a function adds the state at the time).
 * `everyMs` spaces the polls for checks that cost something (a process spawned, a page evaluated).
 */
export async function until<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  what: string | (() => string) = 'condition',
  everyMs = 25,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

/**
 * How long a gateway may take to start before the start counts as hung: a start takes 1–5 s on an idle machine and has
 * been seen past 30 s at a load of 26, so the bound sits far above any slow start and still ends a hung one.
 */
export const START_BOUND_MS = 120_000

/** Settles with `work`, or fails after `timeoutMs` naming `what` (a step that may be slow on a loaded machine, never hung). */
export async function within<T>(work: Promise<T>, timeoutMs: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${typeof what === 'function' ? what() : what}: not done after ${timeoutMs / 1000} s (hung)`)), timeoutMs)
  })
  try {
    return await Promise.race([work, hung])
  } finally {
    clearTimeout(timer)
  }
}
