// The gateway's PrinterService backed by the engine host: mirrored status, re-emitted events, RPC controls.

import { GatewayError } from '../core/errors.js'
import { createEmitter } from '../core/events.js'
import type { Logger, LogLevel } from '../core/logger.js'
import { createConsoleRing } from '../printer/console-ring.js'
import type { ConnectOptions, PortChoices, PrinterEvents, PrinterService, PrinterStatus, PrintResult } from '../printer/types.js'
import type { EngineChannel } from './engine-channel.js'
import { errorFromWire, type EngineMessage, type RpcMethod, type SimStatsReply } from './engine-messages.js'
import { lineAtOffset } from './line-at-offset.js'

export interface EngineProxy extends PrinterService {
  /** Test aid: the simulated printer's counters and transcript ends for a `sim://` path, null for others. */
  simStats(path: string, pattern?: string): Promise<SimStatsReply | null>
  /** The engine's process id, null when it runs in this process or is not running. */
  enginePid(): number | null
}

export interface PrinterProxyDeps {
  /** Starts (or restarts, after a crash) the engine. */
  start: () => EngineChannel
  logger: Logger
  defaultPort: string
  consoleRing?: number
}

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
}

interface RunningJob {
  path: string
  resolve(result: PrintResult): void
}

const idleStatus = (port: string): PrinterStatus => ({
  state: 'disconnected',
  reason: null,
  firmware: null,
  flowMode: 'ping-pong',
  temperatures: null,
  position: null,
  link: { port, baud: null, linesSent: 0, bytesSent: 0, resends: 0, timeouts: 0, checksumErrors: 0 },
  job: null,
})

export function createPrinterProxy(deps: PrinterProxyDeps): EngineProxy & { whenReady(): Promise<void> } {
  const log = deps.logger.child({ component: 'printer-proxy' })
  const events = createEmitter<PrinterEvents>((event, error) => log.error('event handler failed', { event, error }))
  const ring = createConsoleRing(deps.consoleRing ?? 500)
  const pending = new Map<number, Pending>()
  const jobs = new Map<string, RunningJob>()
  let mirror = idleStatus(deps.defaultPort)
  let channel: EngineChannel | null = null
  let ready: Promise<void> = Promise.resolve()
  let nextId = 1
  let stopping = false
  let clockOffsetMs = 0

  function launch(): void {
    const current = deps.start()
    channel = current
    let resolveReady: () => void = () => {}
    let rejectReady: (error: Error) => void = () => {}
    ready = new Promise<void>((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)))
    ready.catch(() => undefined)
    current.onMessage((message) => {
      if (channel !== current) return
      if (message.type === 'ready') {
        clockOffsetMs = message.timeOrigin - performance.timeOrigin
        resolveReady()
      }
      receive(message)
    })
    current.onGone((why) => {
      if (channel !== current) return
      channel = null
      rejectReady(new GatewayError('PRINTER_CONNECT_FAILED', why))
      if (!stopping) void engineGone(why)
    })
  }

  function receive(message: EngineMessage): void {
    if (message.type !== 'log') mirror = message.status
    switch (message.type) {
      case 'event':
        events.emit(message.name, message.payload as never)
        break
      case 'console':
        for (const line of message.lines) {
          // performance.now() counts from each process's own start: console times are moved onto the gateway's.
          line.at += clockOffsetMs
          ring.push(line)
          events.emit('printer:console', line)
        }
        break
      case 'reply': {
        const call = pending.get(message.id)
        pending.delete(message.id)
        if (message.ok) call?.resolve(message.value)
        else call?.reject(errorFromWire(message.error))
        break
      }
      case 'done':
        jobs.get(message.jobId)?.resolve(message.result)
        jobs.delete(message.jobId)
        break
      case 'log':
        deps.logger[message.level as LogLevel](message.msg, message.fields)
        break
    }
  }

  /** The engine died: the link is as good as lost; waiting callers and a running print learn it now. */
  async function engineGone(why: string): Promise<void> {
    log.error('printer engine gone', { reason: why })
    const prev = mirror.state
    const progress = mirror.job
    mirror = { ...mirror, state: 'error', reason: why, job: null }
    const error = new GatewayError('PRINTER_DISCONNECTED', why)
    for (const call of pending.values()) call.reject(error)
    pending.clear()
    if (prev !== 'error') events.emit('printer:state_changed', { prev, next: 'error', reason: why })
    const running = [...jobs.entries()]
    jobs.clear()
    for (const [jobId, job] of running) {
      const mine = progress?.jobId === jobId ? progress : null
      const byteOffset = mine?.bytesConfirmed ?? 0
      const result: PrintResult = {
        jobId,
        outcome: 'interrupted',
        code: 'PRINTER_DISCONNECTED',
        reason: why,
        lastConfirmedLine: await lineAtOffset(job.path, byteOffset),
        byteOffset,
        layer: mine?.layer ?? null,
        z: mine?.z ?? null,
        temperatures: mirror.temperatures,
        elapsedMs: mine?.elapsedMs ?? 0,
      }
      job.resolve(result)
      events.emit('printer:job_ended', result)
    }
  }

  function call<T>(method: RpcMethod, ...args: unknown[]): Promise<T> {
    const current = channel
    if (!current) return Promise.reject(new GatewayError('PRINTER_NOT_CONNECTED', mirror.reason ?? 'The printer engine is not running'))
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      current.post({ type: 'call', id, method, args })
    })
  }

  launch()
  return {
    events,
    whenReady: () => ready,
    status: () => mirror,
    async connect(options?: ConnectOptions) {
      if (!channel && !stopping) launch()
      await ready
      await call('connect', options)
    },
    disconnect: () => call('disconnect'),
    async startPrint(job) {
      let resolveDone: (result: PrintResult) => void = () => {}
      const done = new Promise<PrintResult>((resolve) => (resolveDone = resolve))
      // Registered before the call: the engine's `done` may follow its reply immediately.
      jobs.set(job.jobId, { path: job.path, resolve: resolveDone })
      try {
        await call('startPrint', { jobId: job.jobId, path: job.path, allowFirmwareCommands: job.allowFirmwareCommands === true })
      } catch (error) {
        jobs.delete(job.jobId)
        throw error
      }
      return { done }
    },
    pause: () => call('pause'),
    resume: () => call('resume'),
    cancel: () => call('cancel'),
    emergencyStop: () => call('emergencyStop'),
    sendCommand: (line) => call<string[]>('sendCommand', line),
    recentConsole: () => ring.toArray(),
    listPorts: () => call<PortChoices>('listPorts'),
    enginePid: () => channel?.pid ?? null,
    simStats: (path, pattern) => call<SimStatsReply | null>('simStats', path, pattern),
    async shutdown() {
      const current = channel
      if (!current) return
      try {
        await call('shutdown')
      } finally {
        stopping = true
        channel = null
        await current.terminate()
      }
    },
  }
}
