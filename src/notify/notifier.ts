// Tells people when a job finishes, fails, pauses for them or waits for the bed to be cleared, through the configured URLs and web push.
import type { Clock } from '../core/clock.js'
import type { TypedEmitter } from '../core/events.js'
import type { Logger } from '../core/logger.js'
import type { JobEvents } from '../jobs/recorder.js'
import type { JobRecord, JobStatus } from '../jobs/types.js'
import { buildRequest, redactTarget, type Notice } from './targets.js'

export interface NotifierDeps {
  events: Pick<TypedEmitter<JobEvents>, 'on'>
  /** The URLs now (read on each notice, so a change in the settings applies at once). */
  targets: () => string[]
  /** True when the gateway waits for someone to confirm the bed is clear before the next print. */
  waitsForBed: () => boolean
  clock: Pick<Clock, 'setTimeout'>
  logger: Pick<Logger, 'warn' | 'info'>
  fetch?: typeof fetch
  /** Web push to subscribed phones (src/notify/web-push.ts), told the same notices. */
  push?: { send(notice: Notice): Promise<unknown> }
  /** Attempts per target (default 3) and the first retry delay (doubles). */
  attempts?: number
  retryMs?: number
  timeoutMs?: number
}

export interface Notifier {
  /** Sends one notice to every target; resolves with the targets that failed after all attempts. */
  send(notice: Notice): Promise<{ target: string; error: string }[]>
  /** The same to the given URLs instead of the configured ones. */
  sendTo(targets: string[], notice: Notice): Promise<{ target: string; error: string }[]>
  dispose(): void
}

const name = (job: JobRecord) => job.userRequest ?? (typeof job.metadata.file_name === 'string' ? job.metadata.file_name : `job ${job.id.slice(0, 8)}`)

/** The notice for a job that moved from `prev` to its status now, or null when nobody needs to hear of it. */
export function noticeFor(job: JobRecord, prev: JobStatus | null, waitsForBed: boolean): Notice | null {
  if (prev === job.status) return null
  const what = name(job)
  switch (job.status) {
    case 'completed':
      return waitsForBed
        ? {
            event: 'bed_clear',
            title: 'Print finished: clear the bed',
            message: `${what} is done. Take it off the bed and confirm on the phone so the next job can start.`,
            priority: 4,
            tags: ['white_check_mark', 'broom'],
          }
        : { event: 'completed', title: 'Print finished', message: `${what} is done.`, priority: 3, tags: ['white_check_mark'] }
    case 'failed':
    case 'interrupted':
      return {
        event: 'failed',
        title: job.status === 'failed' ? 'Print failed' : 'Print interrupted',
        message: `${what}: ${job.errorMessage ?? 'it stopped'}.`,
        priority: 4,
        tags: ['x'],
      }
    case 'paused':
      return {
        event: 'paused',
        title: 'Print paused',
        message: `${what} is paused and waits for you${job.message ? `: ${job.message}` : ''}.`,
        priority: 4,
        tags: ['pause_button'],
      }
    default:
      return null
  }
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const doFetch = deps.fetch ?? fetch
  const attempts = deps.attempts ?? 3
  const retryMs = deps.retryMs ?? 2000
  const timeoutMs = deps.timeoutMs ?? 10_000
  const wait = (ms: number) => new Promise<void>((resolve) => deps.clock.setTimeout(resolve, ms))

  async function deliver(target: string, notice: Notice): Promise<string | null> {
    let last = ''
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await wait(retryMs * 2 ** (attempt - 1))
      try {
        const { url, init } = buildRequest(target, notice)
        const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
        await response.arrayBuffer().catch(() => undefined)
        if (response.ok) return null
        last = `HTTP ${response.status}`
        if (response.status >= 400 && response.status < 500 && response.status !== 429) break
      } catch (error) {
        last = error instanceof Error ? error.message : String(error)
        if ((error as { code?: string }).code === 'VALIDATION_FAILED') break
      }
    }
    deps.logger.warn('notification not delivered', { target: redactTarget(target), event: notice.event, error: last })
    return last
  }

  async function sendTo(targets: string[], notice: Notice) {
    const results = await Promise.all(targets.map(async (target) => ({ target: redactTarget(target), error: await deliver(target, notice) })))
    return results.filter((r): r is { target: string; error: string } => r.error !== null)
  }
  const send = (notice: Notice) => sendTo(deps.targets(), notice)

  const off = deps.events.on('job:updated', ({ job, prev }) => {
    const notice = noticeFor(job, prev, deps.waitsForBed())
    // Fire and forget: delivery (and its retries) never holds up the job that changed.
    if (notice && deps.targets().length > 0) void send(notice)
    if (notice && deps.push) void deps.push.send(notice).catch((error: unknown) => deps.logger.warn('web push failed', { error: String(error) }))
  })
  return { send, sendTo, dispose: off }
}
