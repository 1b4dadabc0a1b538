// OctoPrint's push protocol over any transport: `connected`, then after `{"auth"}` a `history` and `current` at most 2/s (× throttle), and `event`s.
import type { Clock, TimerHandle } from '../core/clock.js'
import type { CompatDeps } from './deps.js'
import { currentJobInfo } from './octoprint-info-routes.js'
import { watchOctoPrintEvents, type OctoPrintEvent } from './octoprint-events.js'
import { jobBody, OCTOPRINT_COMPAT_VERSION, printerBody, temperatureBody } from './octoprint-shapes.js'
import type { PrintControl } from './print-control.js'
import type { PrinterWatch, TemperatureSample } from './printer-watch.js'
import type { PushIdentity, PushSessions } from './push-sessions.js'

export const CURRENT_INTERVAL_MS = 500
const MAX_THROTTLE = 20

/** One open socket, whatever carries it (raw WebSocket, SockJS-framed WebSocket, SockJS xhr). */
export interface PushChannel {
  send(message: Record<string, unknown>): void
  close(): void
}

export interface PushConnection {
  /** One client message (already unframed): `{"auth": …}`, `{"throttle": n}`, `{"subscribe": …}`. */
  receive(text: string): void
  closed(): void
}

export interface PushHub {
  attach(channel: PushChannel): PushConnection
  count(): number
  dispose(): void
}

export interface PushHubDeps {
  deps: CompatDeps
  control: PrintControl
  watch: PrinterWatch
  sessions: PushSessions
  clock: Clock
}

const temps = (samples: readonly TemperatureSample[]) => samples.map((s) => ({ time: s.time, ...temperatureBody(s.temperatures) }))

export function createPushHub({ deps, control, watch, sessions, clock }: PushHubDeps): PushHub {
  const live = new Set<{ identity: PushIdentity | null; channel: PushChannel; emit(e: OctoPrintEvent): void; stop(): void }>()

  /** `current`/`history` body: OctoPrint's state, job, progress, temps since the last one, log lines. */
  const snapshot = (samples: readonly TemperatureSample[], logs: string[]) => {
    const status = deps.printer.status()
    const job = jobBody(status, currentJobInfo(deps, control))
    return {
      state: printerBody(status).state,
      job: job.job,
      progress: job.progress,
      currentZ: status.job?.z ?? status.position?.z ?? null,
      offsets: watch.offsets(),
      temps: temps(samples),
      logs,
      messages: [],
      busyFiles: [],
      resends: { count: status.link.resends, transmitted: status.link.linesSent, ratio: 0 },
      serverTime: deps.now().getTime() / 1000,
    }
  }

  const stopEvents = watchOctoPrintEvents(deps, (event) => {
    for (const conn of live) conn.emit(event)
  })

  return {
    attach(channel) {
      let identity: PushIdentity | null = null
      let throttle = 1
      let timer: TimerHandle | undefined
      let sampleCursor = watch.temperatures.cursor()
      let logCursor = watch.logs.cursor()
      const conn = {
        get identity() {
          return identity
        },
        channel,
        emit(event: OctoPrintEvent) {
          if (identity) channel.send({ event })
        },
        stop() {
          clock.clearTimeout(timer)
          identity = null
        },
      }
      const tick = () => {
        if (!identity) return
        if (!sessions.alive(identity)) {
          channel.send({ reauthRequired: { reason: 'logout' } })
          channel.close()
          return
        }
        const samples = watch.temperatures.since(sampleCursor)
        sampleCursor = samples.cursor
        const logs = watch.logs.since(logCursor)
        logCursor = logs.cursor
        channel.send({ current: snapshot(samples.items, logs.items.slice(-50)) })
        timer = clock.setTimeout(tick, CURRENT_INTERVAL_MS * throttle)
      }
      live.add(conn)
      channel.send({
        connected: {
          version: OCTOPRINT_COMPAT_VERSION,
          display_version: OCTOPRINT_COMPAT_VERSION,
          branch: null,
          python_version: null,
          plugin_hash: 'printgate',
          config_hash: 'printgate',
          debug: false,
          safe_mode: false,
          online: null,
          permissions: [],
          apikey: null,
        },
      })
      return {
        receive(text) {
          let message: unknown
          try {
            message = JSON.parse(text)
          } catch {
            return
          }
          if (!message || typeof message !== 'object') return
          const m = message as Record<string, unknown>
          if (typeof m.auth === 'string') {
            const found = sessions.check(m.auth)
            if (!found || !found.scopes.includes('read')) {
              channel.send({ reauthRequired: { reason: 'stale' } })
              return
            }
            const first = identity === null
            identity = found
            if (first) {
              const samples = watch.temperatures.since(0)
              sampleCursor = samples.cursor
              const logs = watch.logs.since(0)
              logCursor = logs.cursor
              channel.send({ history: snapshot(samples.items, logs.items.slice(-100)) })
              timer = clock.setTimeout(tick, CURRENT_INTERVAL_MS * throttle)
            }
          } else if (typeof m.throttle === 'number' && Number.isInteger(m.throttle)) {
            throttle = Math.max(1, Math.min(MAX_THROTTLE, m.throttle))
          }
        },
        closed() {
          conn.stop()
          live.delete(conn)
        },
      }
    },
    count: () => live.size,
    dispose() {
      stopEvents()
      for (const conn of live) {
        conn.stop()
        conn.channel.close()
      }
      live.clear()
    },
  }
}
