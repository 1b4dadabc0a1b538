// Runs a child process (arguments as an array, no shell), keeping the tail of its output; killed on abort or timeout.

import { spawn } from 'node:child_process'
import { setPriority } from 'node:os'
import { createSystemClock, type Clock } from '../../core/clock.js'

export interface ProcessOutcome {
  kind: 'exited' | 'timeout' | 'aborted' | 'spawn-error'
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** Last bytes of stdout and stderr together. */
  outputTail: string
  error?: NodeJS.ErrnoException
}

const TAIL_BYTES = 4096
/** After SIGTERM, how long before SIGKILL. */
const KILL_GRACE_MS = 2000

/**
 * @param o.niceness raises the child's nice value (0–19) so a CPU-hungry slicer cannot starve the gateway's own
 *   event loop (and the serial stream of a running print) on a 4-core Pi.
 */
export function runProcess(
  command: string,
  args: string[],
  o: { timeoutMs: number; signal?: AbortSignal; clock?: Clock; cwd?: string; niceness?: number },
): Promise<ProcessOutcome> {
  const clock = o.clock ?? createSystemClock()
  return new Promise((resolve) => {
    let tail = ''
    let reason: 'timeout' | 'aborted' | null = null
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: o.cwd, shell: false })
    if (o.niceness && child.pid !== undefined) {
      try {
        setPriority(child.pid, o.niceness)
      } catch {
        /* not permitted here: the slice still runs, at normal priority */
      }
    }
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const stop = (why: 'timeout' | 'aborted') => {
      if (reason || child.exitCode !== null) return
      reason = why
      child.kill('SIGTERM')
      clock.setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }, KILL_GRACE_MS)
    }
    const timer = clock.setTimeout(() => stop('timeout'), o.timeoutMs)
    const onAbort = () => stop('aborted')
    if (o.signal?.aborted) onAbort()
    o.signal?.addEventListener('abort', onAbort, { once: true })
    let settled = false
    const settle = (outcome: ProcessOutcome) => {
      if (settled) return
      settled = true
      clock.clearTimeout(timer)
      o.signal?.removeEventListener('abort', onAbort)
      resolve(outcome)
    }
    child.once('error', (error: NodeJS.ErrnoException) => settle({ kind: 'spawn-error', exitCode: null, signal: null, outputTail: tail, error }))
    child.once('close', (exitCode, signal) => settle({ kind: reason ?? 'exited', exitCode, signal, outputTail: tail }))
  })
}
