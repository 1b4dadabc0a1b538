// The /ws/progress hub: per-client subscriptions, snapshots, throttled progress, bounded sends, heartbeats.
import type { WSContext, WSEvents } from 'hono/ws'
import type { WebSocket } from 'ws'
import type { Clock, TimerHandle } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { LiveProgress } from '../jobs/recorder.js'
import { isFinished, type JobRecord } from '../jobs/types.js'
import type { PrinterService } from '../printer/types.js'
import type { JobsRepo } from '../storage/jobs-repo.js'
import type { TemperatureHistory } from '../telemetry/temperature-history.js'
import { toJobView, toProgressView } from './views.js'

export interface WsHubDeps {
  orchestrator: Orchestrator
  printer: PrinterService
  jobs: JobsRepo
  clock: Clock
  logger: Logger
  now: () => Date
  /** Gives printer_update the age of the temperature reading. */
  temperatureHistory?: TemperatureHistory | undefined
  /** Every printer of the gateway (issue 19; `printer` is the main one): topic `printers` streams them all, each message with its printer_id. */
  printers?: readonly HubPrinter[]
  options?: {
    /** At most one progress message per job per this many ms. */
    progressIntervalMs?: number
    printerIntervalMs?: number
    /** Above this many buffered bytes a client misses progress messages. */
    softBufferBytes?: number
    /** Above this a client is disconnected (it cannot keep up at all). */
    hardBufferBytes?: number
    pingIntervalMs?: number
  }
}

/** One printer as the hub watches it. */
export interface HubPrinter {
  id: string
  printer: PrinterService
  orchestrator: Pick<Orchestrator, 'activeJobId' | 'isBedClear'>
  temperatureHistory?: { lastReadingAt(): number | null } | undefined
}

interface Client {
  ws: WSContext<WebSocket>
  all: boolean
  jobs: Set<string>
  excluded: Set<string>
  printer: boolean
  /** Subscribed to every printer's updates (topic `printers`). */
  printers: boolean
  alive: boolean
  lastSeen: number
  dropped: number
}

export interface WsHub {
  events(jobId: string | undefined): WSEvents<WebSocket>
  clientCount(): number
  droppedMessages(): number
  close(): void
}

type Message = Record<string, unknown> & { type: string }

export function createWsHub(deps: WsHubDeps): WsHub {
  const { clock, now, jobs, printer } = deps
  const progressInterval = deps.options?.progressIntervalMs ?? 250
  const printerInterval = deps.options?.printerIntervalMs ?? 1000
  const softLimit = deps.options?.softBufferBytes ?? 256 * 1024
  const hardLimit = deps.options?.hardBufferBytes ?? 4 * 1024 * 1024
  const pingInterval = deps.options?.pingIntervalMs ?? 30_000
  const clients = new Set<Client>()
  const main: HubPrinter = deps.printers?.find((p) => p.printer === printer) ?? {
    id: 'default',
    printer,
    orchestrator: deps.orchestrator,
    temperatureHistory: deps.temperatureHistory,
  }
  const watched: readonly HubPrinter[] = deps.printers?.length ? deps.printers : [main]
  const wantsPrinter = (c: Client, unit: HubPrinter) => c.printers || (c.printer && unit === main)
  let dropped = 0
  const wants = (c: Client, jobId: string) => c.jobs.has(jobId) || (c.all && !c.excluded.has(jobId))

  function send(client: Client, message: Message, droppable: boolean) {
    const raw = client.ws.raw
    const buffered = raw?.bufferedAmount ?? 0
    if (buffered > hardLimit) {
      clients.delete(client)
      client.ws.close(1013, 'Too slow: messages piled up')
      return
    }
    if (droppable && buffered > softLimit) {
      client.dropped++
      dropped++
      return
    }
    try {
      // Said outright: @hono/node-ws passes `compress: undefined` to ws, which overrides ws's default and sent every frame uncompressed.
      client.ws.send(JSON.stringify(message), { compress: true })
    } catch {
      clients.delete(client)
    }
  }

  const jobMessage = (type: 'status_update' | 'progress_update', job: JobRecord, live?: LiveProgress | null): Message => {
    const at = now()
    const view = type === 'status_update' ? toJobView(job, live ?? null, at) : toProgressView(job, live ?? null, at)
    return { type, ...view, timestamp: at.toISOString() }
  }

  const readingAge = (unit: HubPrinter) => {
    const at = unit.temperatureHistory?.lastReadingAt() ?? null
    return at === null ? null : Math.max(0, now().getTime() - at)
  }
  const printerMessage = (unit: HubPrinter = main): Message => {
    const s = unit.printer.status()
    return {
      type: 'printer_update',
      printer_id: unit.id,
      state: s.state,
      reason: s.reason,
      temperatures: s.temperatures,
      position: s.position,
      flow_mode: s.flowMode,
      job: s.job,
      prompt: s.prompt ?? null,
      temperatures_age_ms: readingAge(unit),
      active_job_id: unit.orchestrator.activeJobId(),
      bed_clear: unit.orchestrator.isBedClear(),
      timestamp: now().toISOString(),
    }
  }

  const broadcastJob = (message: Message, jobId: string, droppable: boolean) => {
    for (const client of clients) if (wants(client, jobId)) send(client, message, droppable)
  }

  // Progress: latest-wins per job, flushed at most every progressInterval.
  const pendingProgress = new Map<string, Message>()
  let progressTimer: TimerHandle | undefined
  let lastProgressFlush = -Infinity
  const flushProgress = () => {
    progressTimer = undefined
    lastProgressFlush = clock.now()
    for (const [jobId, message] of pendingProgress) broadcastJob(message, jobId, true)
    pendingProgress.clear()
  }
  const offUpdated = deps.orchestrator.events.on('job:updated', ({ job, prev }) => {
    pendingProgress.delete(job.id)
    broadcastJob(jobMessage(prev === job.status ? 'progress_update' : 'status_update', job, deps.orchestrator.live(job.id)), job.id, false)
  })
  const offProgress = deps.orchestrator.events.on('job:progress', ({ job, live }) => {
    pendingProgress.set(job.id, jobMessage('progress_update', job, live))
    if (progressTimer) return
    progressTimer = clock.setTimeout(flushProgress, Math.max(0, lastProgressFlush + progressInterval - clock.now()))
  })

  // Printer updates: at most one per printer per printerInterval for temperatures; state changes and prompts at once.
  const printerTimers = new Map<HubPrinter, TimerHandle>()
  const lastPrinterFlush = new Map<HubPrinter, number>()
  const flushPrinter = (unit: HubPrinter) => {
    printerTimers.delete(unit)
    lastPrinterFlush.set(unit, clock.now())
    const message = printerMessage(unit)
    for (const client of clients) if (wantsPrinter(client, unit)) send(client, message, true)
  }
  const offPrinters = watched.flatMap((unit) => [
    unit.printer.events.on('printer:temperature', () => {
      if (!printerTimers.has(unit))
        printerTimers.set(
          unit,
          clock.setTimeout(() => flushPrinter(unit), Math.max(0, (lastPrinterFlush.get(unit) ?? -Infinity) + printerInterval - clock.now())),
        )
    }),
    // A prompt opening or closing is never coalesced away: a person must see it at once.
    unit.printer.events.on('printer:prompt', (prompt) => {
      const message = printerMessage(unit)
      for (const client of clients) {
        if (!wantsPrinter(client, unit)) continue
        send(client, { type: 'printer_prompt', printer_id: unit.id, prompt, timestamp: now().toISOString() }, false)
        send(client, message, false)
      }
    }),
    unit.printer.events.on('printer:state_changed', () => {
      const message = printerMessage(unit)
      for (const client of clients) if (wantsPrinter(client, unit)) send(client, message, false)
    }),
  ])

  let heartbeat: TimerHandle | undefined
  const beat = () => {
    for (const client of clients) {
      if (!client.alive) {
        clients.delete(client)
        client.ws.raw?.terminate()
        continue
      }
      if (clock.now() - client.lastSeen >= pingInterval / 2) {
        client.alive = false
        client.ws.raw?.ping()
      }
    }
    heartbeat = clock.setTimeout(beat, pingInterval)
  }
  heartbeat = clock.setTimeout(beat, pingInterval)

  function snapshotJob(client: Client, jobId: string) {
    const job = jobs.get(jobId)
    if (!job) return send(client, { type: 'error', message: `Workflow ${jobId} not found`, job_id: jobId }, false)
    send(client, jobMessage('status_update', job, deps.orchestrator.live(jobId)), false)
  }
  function snapshotAll(client: Client) {
    for (const job of jobs.list({ limit: 50, offset: 0 }).items) if (!isFinished(job.status)) snapshotJob(client, job.id)
  }

  function handle(client: Client, text: string) {
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      return send(client, { type: 'error', message: 'Messages must be JSON, e.g. {"type":"ping"}' }, false)
    }
    if (!message || typeof message !== 'object') return send(client, { type: 'error', message: 'Messages must be JSON objects' }, false)
    const m = message as { type?: unknown; job_id?: unknown; topic?: unknown }
    const jobId = typeof m.job_id === 'string' && m.job_id.length <= 100 ? m.job_id : undefined
    switch (m.type) {
      case 'ping':
        return send(client, { type: 'pong', timestamp: now().toISOString() }, false)
      case 'subscribe':
        if (m.topic === 'printer') {
          client.printer = true
          return send(client, printerMessage(), false)
        }
        if (m.topic === 'printers') {
          client.printers = true
          for (const unit of watched) send(client, printerMessage(unit), false)
          return
        }
        if (jobId) {
          client.jobs.add(jobId)
          client.excluded.delete(jobId)
          return snapshotJob(client, jobId)
        }
        client.all = true
        client.excluded.clear()
        return snapshotAll(client)
      case 'unsubscribe':
        if (m.topic === 'printer') client.printer = false
        else if (m.topic === 'printers') client.printers = false
        else if (jobId) {
          client.jobs.delete(jobId)
          client.excluded.add(jobId)
        } else {
          client.all = false
          client.jobs.clear()
        }
        return send(
          client,
          {
            type: 'unsubscribed',
            ...(jobId ? { job_id: jobId } : {}),
            ...(typeof m.topic === 'string' ? { topic: m.topic } : {}),
            timestamp: now().toISOString(),
          },
          false,
        )
      default:
        return send(client, { type: 'error', message: `Unknown message type ${JSON.stringify(m.type ?? null)}; use ping, subscribe or unsubscribe` }, false)
    }
  }

  return {
    events(jobId) {
      let client: Client | null = null
      return {
        onOpen(_event, ws) {
          client = {
            ws,
            all: jobId === undefined,
            jobs: new Set(jobId ? [jobId] : []),
            excluded: new Set(),
            printer: false,
            printers: false,
            alive: true,
            lastSeen: clock.now(),
            dropped: 0,
          }
          clients.add(client)
          const c = client
          ws.raw?.on('pong', () => {
            c.alive = true
            c.lastSeen = clock.now()
          })
          if (jobId) snapshotJob(client, jobId)
          else snapshotAll(client)
        },
        onMessage(event) {
          if (!client) return
          client.alive = true
          client.lastSeen = clock.now()
          const data = event.data
          handle(client, typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8'))
        },
        onClose() {
          if (client) clients.delete(client)
        },
        onError() {
          if (client) clients.delete(client)
        },
      }
    },
    clientCount: () => clients.size,
    droppedMessages: () => dropped,
    close() {
      clock.clearTimeout(heartbeat)
      clock.clearTimeout(progressTimer)
      for (const timer of printerTimers.values()) clock.clearTimeout(timer)
      offUpdated()
      offProgress()
      for (const off of offPrinters) off()
      for (const client of clients) client.ws.close(1001, 'Server shutting down')
      clients.clear()
    },
  }
}
