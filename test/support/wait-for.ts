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
