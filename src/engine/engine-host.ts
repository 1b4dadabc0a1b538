// The engine host: runs beside the PrinterService, forwards every event (console lines batched) with a status snapshot, serves RPC calls.

import type { Clock, TimerHandle } from '../core/clock.js'
import type { ConnectOptions, ConsoleLine, PrinterEvents, PrinterService } from '../printer/types.js'
import type { EngineEndpoint } from './engine-channel.js'
import { errorToWire, type EngineMessage, type HostMessage, type RpcMethod, type SimStatsReply } from './engine-messages.js'

export interface EngineHostDeps {
  service: PrinterService
  endpoint: EngineEndpoint
  clock: Clock
  /** Console lines are gathered this long before crossing (default 50 ms); any other message flushes them first. */
  consoleBatchMs?: number
  simStats?: (path: string, pattern?: string) => SimStatsReply | null
  /** After `shutdown` has brought the printer to a safe state (stop the simulator, …). */
  afterShutdown?: () => void
}

const FORWARDED_EVENTS = [
  'printer:state_changed',
  'printer:temperature',
  'printer:position',
  'printer:progress',
  'printer:job_started',
  'printer:job_paused',
  'printer:job_resumed',
  'printer:job_ended',
  'printer:notice',
  'printer:prompt',
] as const satisfies readonly Exclude<keyof PrinterEvents, 'printer:console'>[]

export function serveEngine(deps: EngineHostDeps): void {
  const { service, endpoint, clock } = deps
  const batchMs = deps.consoleBatchMs ?? 50
  let consoleBatch: ConsoleLine[] = []
  let batchTimer: TimerHandle | undefined

  function flushConsole(): void {
    if (batchTimer !== undefined) clock.clearTimeout(batchTimer)
    batchTimer = undefined
    if (consoleBatch.length === 0) return
    const lines = consoleBatch
    consoleBatch = []
    endpoint.post({ type: 'console', lines, status: service.status() })
  }

  /** Keeps the engine's order: console lines gathered so far go before anything else. */
  function send(message: EngineMessage): void {
    flushConsole()
    endpoint.post(message)
  }

  service.events.on('printer:console', (line) => {
    consoleBatch.push(line)
    if (batchTimer === undefined) batchTimer = clock.setTimeout(flushConsole, batchMs)
  })
  for (const name of FORWARDED_EVENTS) {
    service.events.on(name, (payload: unknown) => send({ type: 'event', name, payload, status: service.status() }))
  }

  const calls: Record<Exclude<RpcMethod, 'startPrint'>, (args: unknown[]) => Promise<unknown>> = {
    connect: (args) => service.connect(args[0] as ConnectOptions | undefined),
    disconnect: () => service.disconnect(),
    pause: () => service.pause(),
    resume: () => service.resume(),
    cancel: () => service.cancel(),
    emergencyStop: () => service.emergencyStop(),
    sendCommand: (args) => service.sendCommand(String(args[0])),
    listPorts: () => service.listPorts(),
    simStats: async (args) => deps.simStats?.(String(args[0]), typeof args[1] === 'string' ? args[1] : undefined) ?? null,
    shutdown: async () => {
      await service.shutdown()
      deps.afterShutdown?.()
    },
  }

  async function handle(call: HostMessage): Promise<void> {
    try {
      if (call.method === 'startPrint') {
        const job = call.args[0] as { jobId: string; path: string; allowFirmwareCommands?: boolean }
        const { done } = await service.startPrint(job)
        send({ type: 'reply', id: call.id, ok: true, value: null, status: service.status() })
        void done.then((result) => send({ type: 'done', jobId: job.jobId, result, status: service.status() }))
        return
      }
      const value = await calls[call.method](call.args)
      send({ type: 'reply', id: call.id, ok: true, value: value ?? null, status: service.status() })
    } catch (error) {
      send({ type: 'reply', id: call.id, ok: false, error: errorToWire(error), status: service.status() })
    }
  }

  endpoint.onMessage((message) => void handle(message))
  send({ type: 'ready', status: service.status(), timeOrigin: performance.timeOrigin })
}
