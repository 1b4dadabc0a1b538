// The MQTT bridge: a printer's state, Home Assistant discovery, OctoPrint-style topics and commands on the home's broker, plus the fleet of gateways.
import { createRequire } from 'node:module'
import type { IClientOptions, MqttClient } from 'mqtt'
import type { Clock, TimerHandle } from '../core/clock.js'
import { isGatewayError } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import type { Orchestrator } from '../jobs/orchestrator.js'
import type { JobRecord, JobStatus } from '../jobs/types.js'
import type { PrinterService } from '../printer/types.js'
import type { MqttConfig } from './config.js'
import { COMMAND_ACTIONS, discoveryMessages, fleetTopic, fleetWildcard, printerTopics, type CommandAction, type PrinterStatePayload } from './topics.js'

/** The mqtt package is required only when a broker is configured (it is most of a megabyte of modules). */
const connectWithMqtt = (url: string, options: IClientOptions): MqttClient =>
  (createRequire(import.meta.url)('mqtt') as typeof import('mqtt')).connect(url, options)

export interface FleetEntry {
  id: string
  name: string
  url: string | null
  online: boolean
  printers: Array<{ id: string; name: string; state: string }>
  self: boolean
}

export interface MqttBridgeDeps {
  config: MqttConfig & { url: string }
  gatewayId: string
  printer: PrinterService
  printerId: string
  printerName: string
  orchestrator: Pick<Orchestrator, 'events' | 'pause' | 'resume' | 'cancel' | 'bedCleared' | 'activeJobId' | 'live'>
  jobs: { get(id: string): JobRecord | null }
  clock: Clock
  logger: Logger
  version: string
  /** Publishing state more often than this is coalesced. */
  stateIntervalMs?: number
  /**
   * The gateway-wide part (one bridge of a gateway's several does it): the fleet announcement with every printer,
   * the fleet list, and removing Home Assistant configs of printers no longer configured. Absent: this printer alone.
   */
  gateway?: { printers: () => Array<{ id: string; name: string; state: string }>; printerIds: readonly string[] } | null
  /** A camera tied to this printer: a JPEG for Home Assistant's MQTT camera (null when none is at hand). */
  snapshot?: (() => Promise<Buffer | null>) | null
  /** How often the camera picture is published (default 10 s while printing, 60 s otherwise). */
  snapshotIntervalMs?: { printing: number; idle: number }
  connect?: (url: string, options: IClientOptions) => MqttClient
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const PRINTING: readonly JobStatus[] = ['printing_phase', 'paused']
const EVENT_OF: Partial<Record<JobStatus, string>> = {
  completed: 'PrintDone',
  failed: 'PrintFailed',
  cancelled: 'PrintCancelled',
  interrupted: 'PrintFailed',
  paused: 'PrintPaused',
}

export function createMqttBridge(deps: MqttBridgeDeps) {
  const { config, printer, orchestrator, clock, logger } = deps
  const topics = printerTopics(config.prefix, deps.gatewayId, deps.printerId)
  const stateInterval = deps.stateIntervalMs ?? 1000
  const fleet = new Map<string, FleetEntry>()
  const offs: Array<() => void> = []
  let client: MqttClient | null = null
  let lastStateAt = -Infinity
  let stateTimer: TimerHandle | undefined
  let announcedState = ''
  let snapshotTimer: TimerHandle | undefined
  // Without a gateway part (a bridge of several that is not the first) this bridge neither announces nor lists the fleet.
  const gatewayPart =
    deps.gateway === undefined
      ? { printers: () => [{ id: deps.printerId, name: deps.printerName, state: printer.status().state }], printerIds: [deps.printerId] }
      : deps.gateway

  const now = (): number => Math.floor(Date.now() / 1000)
  const publish = (topic: string, payload: string, retain = false): void => {
    if (client?.connected) client.publish(topic, payload, { qos: 1, retain })
  }

  function currentJob(): JobRecord | null {
    const id = orchestrator.activeJobId()
    return id ? deps.jobs.get(id) : null
  }

  function statePayload(): PrinterStatePayload {
    const status = printer.status()
    const tool = status.temperatures?.tools[0]
    const bed = status.temperatures?.bed
    const job = currentJob()
    const live = job ? orchestrator.live(job.id) : null
    return {
      state: status.state,
      printing: job !== null && PRINTING.includes(job.status),
      hotend: { actual: tool?.actual ?? null, target: tool?.target ?? null },
      bed: { actual: bed?.actual ?? null, target: bed?.target ?? null },
      job: job ? { id: job.id, file: job.userRequest, status: job.status } : null,
      progress: live ? Math.round(live.percent * 10) / 10 : null,
      time_left: live?.etaSeconds ?? null,
      layer: live?.layer ?? null,
    }
  }

  function publishState(): void {
    clock.clearTimeout(stateTimer)
    stateTimer = undefined
    lastStateAt = clock.now()
    const state = statePayload()
    publish(topics.state, JSON.stringify(state), true)
    if (state.job && state.progress !== null)
      publish(topics.progress, JSON.stringify({ location: 'local', path: state.job.file, progress: Math.floor(state.progress), _timestamp: now() }))
    announce()
  }

  /** At most one state message per interval; the last change always gets out. */
  function stateChanged(): void {
    if (stateTimer) return
    const wait = lastStateAt + stateInterval - clock.now()
    if (wait <= 0) publishState()
    else stateTimer = clock.setTimeout(publishState, wait)
  }

  /** The gateway's retained announcement, when any printer's state differs from the last one sent. */
  function announce(): void {
    if (!gatewayPart) return
    const printers = gatewayPart.printers()
    const key = JSON.stringify(printers)
    if (key === announcedState) return
    announcedState = key
    const self = { id: deps.gatewayId, name: config.name, url: config.publicUrl ?? null, version: deps.version, printers }
    publish(fleetTopic(config.prefix, deps.gatewayId), JSON.stringify(self), true)
  }

  function sendDiscovery(): void {
    for (const message of discoveryMessages({
      discoveryPrefix: config.discoveryPrefix,
      gatewayId: deps.gatewayId,
      printerId: deps.printerId,
      printerName: deps.printerName,
      topics,
      version: deps.version,
      configurationUrl: config.publicUrl,
      camera: Boolean(deps.snapshot),
    })) {
      publish(message.topic, message.payload, true)
    }
  }

  /** A retained discovery config, availability or state of one of this gateway's printers that is no longer configured: cleared. */
  function removeStale(topic: string, payload: Buffer): boolean {
    if (!gatewayPart || payload.length === 0) return false
    const ownPrinter = (t: string): string | null => {
      const match = new RegExp(`^${escape(config.prefix)}/${escape(deps.gatewayId)}/([^/]+)/(availability|state)$`).exec(t)
      return match ? (match[1] as string) : null
    }
    const isConfig = topic.startsWith(`${config.discoveryPrefix}/`) && topic.endsWith('/config')
    let printerId = ownPrinter(topic)
    if (isConfig) {
      try {
        // The availability topic names gateway and printer exactly (a device id alone could belong to a gateway whose id starts like this one's).
        printerId = ownPrinter(String((JSON.parse(payload.toString()) as { availability_topic?: unknown }).availability_topic ?? ''))
      } catch {
        return true
      }
    }
    if (printerId === null || gatewayPart.printerIds.includes(printerId)) return isConfig
    logger.info('removing the retained topic of a printer no longer configured', { topic, printer: printerId })
    publish(topic, '', true)
    return true
  }

  /** Home Assistant's MQTT camera: the latest picture of the printer's camera, more often while it prints. */
  function scheduleSnapshot(): void {
    const snapshot = deps.snapshot
    if (!snapshot) return
    const every = deps.snapshotIntervalMs ?? { printing: 10_000, idle: 60_000 }
    snapshot()
      .then(
        (jpeg) => jpeg && client?.connected && client.publish(topics.camera, jpeg, { qos: 0, retain: true }),
        (error: unknown) => logger.debug('camera snapshot for mqtt failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        if (client) snapshotTimer = clock.setTimeout(scheduleSnapshot, ['printing', 'paused'].includes(printer.status().state) ? every.printing : every.idle)
      })
  }

  /** A button pressed in Home Assistant (or any MQTT client) goes through the same calls as the HTTP routes. */
  async function command(action: CommandAction): Promise<void> {
    const jobId = orchestrator.activeJobId()
    const needJob = (): string => {
      if (!jobId) throw new Error('no print is running')
      return jobId
    }
    switch (action) {
      case 'pause':
        await orchestrator.pause(needJob())
        return
      case 'resume':
        await orchestrator.resume(needJob())
        return
      case 'cancel':
        await orchestrator.cancel(needJob())
        return
      case 'emergency_stop':
        await printer.emergencyStop()
        return
      case 'bed_cleared':
        await orchestrator.bedCleared()
        return
    }
  }

  function onMessage(topic: string, payload: Buffer): void {
    if (removeStale(topic, payload)) return
    if (topic === `${config.discoveryPrefix}/status`) {
      if (payload.toString() === 'online') sendDiscovery()
      return
    }
    if (topic.startsWith(`${config.prefix}/gateways/`)) {
      const id = topic.slice(`${config.prefix}/gateways/`.length)
      if (payload.length === 0) return void fleet.delete(id)
      try {
        const entry = JSON.parse(payload.toString()) as Omit<FleetEntry, 'online' | 'self'>
        fleet.set(id, {
          id,
          name: String(entry.name ?? id),
          url: entry.url ?? null,
          printers: Array.isArray(entry.printers) ? entry.printers : [],
          online: fleet.get(id)?.online ?? true,
          self: id === deps.gatewayId,
        })
      } catch {
        logger.debug('fleet announcement is not JSON', { topic })
      }
      return
    }
    const availability = /^(.+)\/([^/]+)\/([^/]+)\/availability$/.exec(topic)
    if (availability && availability[1] === config.prefix) {
      const entry = fleet.get(availability[2] as string)
      if (entry) entry.online = payload.toString() === 'online'
      return
    }
    const action = topic.startsWith(`${topics.base}/command/`) ? topic.slice(`${topics.base}/command/`.length) : null
    if (action && (COMMAND_ACTIONS as readonly string[]).includes(action)) {
      logger.info('mqtt command', { action })
      command(action as CommandAction).then(
        () => stateChanged(),
        (error: unknown) =>
          logger.warn('mqtt command refused', {
            action,
            code: isGatewayError(error) ? error.code : undefined,
            error: error instanceof Error ? error.message : String(error),
          }),
      )
    }
  }

  function watch(): void {
    offs.push(
      printer.events.on('printer:temperature', (t) => {
        const tool = t.tools[0]
        if (tool) publish(topics.temperature('tool0'), JSON.stringify({ actual: tool.actual, target: tool.target, _timestamp: now() }))
        if (t.bed) publish(topics.temperature('bed'), JSON.stringify({ actual: t.bed.actual, target: t.bed.target, _timestamp: now() }))
        stateChanged()
      }),
    )
    offs.push(
      printer.events.on('printer:state_changed', ({ prev, next }) => {
        if (next === 'operational' && prev === 'connecting') publish(topics.event('Connected'), JSON.stringify({ _event: 'Connected', _timestamp: now() }))
        if (next === 'disconnected') publish(topics.event('Disconnected'), JSON.stringify({ _event: 'Disconnected', _timestamp: now() }))
        if (next === 'error') publish(topics.event('Error'), JSON.stringify({ _event: 'Error', _timestamp: now() }))
        stateChanged()
      }),
    )
    offs.push(printer.events.on('printer:progress', () => stateChanged()))
    offs.push(
      orchestrator.events.on('job:updated', ({ job, prev }) => {
        if (prev === job.status) return
        const name = job.status === 'printing_phase' ? (prev === 'paused' ? 'PrintResumed' : 'PrintStarted') : EVENT_OF[job.status]
        if (name)
          publish(
            topics.event(name),
            JSON.stringify({ _event: name, _timestamp: now(), name: job.userRequest, path: job.userRequest, origin: 'local', job_id: job.id }),
          )
        stateChanged()
      }),
    )
  }

  return {
    topics,
    /** Connects (in the background, reconnecting with backoff); never blocks the gateway's start. */
    start(): void {
      const options: IClientOptions = {
        clientId: `printgate-${deps.gatewayId}-${deps.printerId}`,
        clean: true,
        reconnectPeriod: 2000,
        connectTimeout: 10_000,
        will: { topic: topics.availability, payload: Buffer.from('offline'), qos: 1, retain: true },
        ...(config.username ? { username: config.username } : {}),
        ...(config.password ? { password: config.password } : {}),
      }
      client = (deps.connect ?? connectWithMqtt)(config.url, options)
      client.on('connect', () => {
        logger.info('mqtt connected', { url: config.url.replace(/\/\/[^@]*@/, '//') })
        publish(topics.availability, 'online', true)
        sendDiscovery()
        announcedState = ''
        publishState()
        const gatewayTopics = gatewayPart
          ? [
              fleetWildcard(config.prefix),
              `${config.prefix}/+/+/availability`,
              `${config.prefix}/${deps.gatewayId}/+/state`,
              `${config.discoveryPrefix}/+/+/+/config`,
            ]
          : []
        client?.subscribe([topics.commandWildcard, `${config.discoveryPrefix}/status`, ...gatewayTopics], { qos: 1 })
        clock.clearTimeout(snapshotTimer)
        scheduleSnapshot()
      })
      client.on('message', onMessage)
      client.on('error', (error) => logger.warn('mqtt', { error: error.message }))
      watch()
    },
    /** Sends the gateway's announcement again if a printer's state changed (another printer's bridge calls it). */
    announce,
    /** Gateways on the same broker (this one included), as last announced. */
    fleet: (): FleetEntry[] => [...fleet.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name)),
    async stop(): Promise<void> {
      for (const off of offs.splice(0)) off()
      clock.clearTimeout(stateTimer)
      clock.clearTimeout(snapshotTimer)
      const c = client
      client = null
      if (!c) return
      if (c.connected) await c.publishAsync(topics.availability, 'offline', { qos: 1, retain: true }).catch(() => undefined)
      await c.endAsync().catch(() => undefined)
    },
  }
}

export type MqttBridge = ReturnType<typeof createMqttBridge>
