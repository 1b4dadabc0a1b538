// The printer link façade: connects, hands over to handshake, routes replies, runs jobs, controls and failures.

import type { TimerHandle } from '../core/clock.js'
import { GatewayError, isGatewayError, type ErrorCode } from '../core/errors.js'
import { createEmitter } from '../core/events.js'
import { isEmergencyCommand, renderScript } from '../protocol/commands.js'
import { prepareLine } from '../protocol/gcode-line.js'
import { parseReply } from '../protocol/reply.js'
import { GENERIC_PROFILE_ID } from '../profiles/load.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import { isSimPath } from '../serial/resolve-binding.js'
import { baudCandidates } from '../serial/discovery.js'
import { createLineTransport, type LineTransport } from '../serial/transport.js'
import { waitForDevice, type DeviceWatch } from '../serial/wait-for-device.js'
import { createConsoleRing } from './console-ring.js'
import { createHostPromptTracker } from './host-prompt.js'
import { createHostKeepalive } from './host-keepalive.js'
import { listPortChoices } from './ports.js'
import { runHandshake } from './handshake.js'
import { createLinkSender, type LinkSender } from './link-sender.js'
import { createRepeatingTimer } from './repeating-timer.js'
import type { PrinterEngine, PrinterServiceDeps } from './service-options.js'
import { createJobControls } from './job-controls.js'
import { chooseFlowMode } from './flow-mode.js'
import type { PrintJob } from './print-job.js'
import { nextState, type LinkEvent } from './state.js'
import { createHeaterWatchdog, type HeaterFault } from './heater-watchdog.js'
import { heaterLimitProblem } from './temperature-guard.js'
import type { FirmwareInfo, FlowMode, Position, PrinterEvents, PrinterService, PrinterState, PrinterStatus, Temperatures } from './types.js'

/** Starts a command nobody waits for; its rejection (link lost, aborted) is expected and dropped. */
const quietly = (promise: Promise<unknown>): void => void promise.catch(() => undefined)

export type { PrinterEngine, PrinterServiceDeps, PrinterServiceOptions } from './service-options.js'

/** Console commands that may wait for the printer at once; more get 429 RATE_LIMITED instead of growing a queue. */
const MAX_PENDING_CONSOLE = 16

export function createPrinterService(deps: PrinterServiceDeps): PrinterEngine {
  const { clock, options } = deps
  const log = deps.logger.child({ component: 'printer' })
  const events = createEmitter<PrinterEvents>((event, error) => log.error('event handler failed', { event, error }))
  const ring = createConsoleRing(options.consoleRing ?? 500)
  const fallbackProfile = deps.profiles.get(GENERIC_PROFILE_ID) ?? ([...deps.profiles.values()][0] as FirmwareProfile)
  let profile: FirmwareProfile = (options.profile && deps.profiles.get(options.profile)) || fallbackProfile
  let state: PrinterState = 'disconnected'
  let reason: string | null = null
  let transport: LineTransport | null = null
  let sender: LinkSender | null = null
  let firmware: FirmwareInfo | null = null
  let temperatures: Temperatures | null = null
  let position: Position | null = null
  let job: PrintJob | null = null
  /** Console commands sent and not yet answered (capped at MAX_PENDING_CONSOLE). */
  let consolePending = 0
  let pollOutstanding = false
  let heaterWatch = createHeaterWatchdog(() => options.heaterWatchdog ?? profile.heaterWatchdog)
  const watchdog = createRepeatingTimer(clock, options.watchdogMs ?? 100, () => {
    sender?.tick()
    const fault = heaterWatch.check(clock.now())
    if (fault) onHeaterFault(fault)
  })
  const prompts = createHostPromptTracker((prompt) => events.emit('printer:prompt', prompt))
  // M105 polling for firmware without autoreport; one poll at a time, queued between job lines.
  const poll = createRepeatingTimer(clock, options.pollIntervalMs ?? 2000, () => {
    if (!sender || pollOutstanding || (state !== 'operational' && state !== 'printing')) return
    pollOutstanding = true
    sender.enqueue('M105').then(
      () => (pollOutstanding = false),
      () => (pollOutstanding = false)
    )
  })
  let deviceWatch: DeviceWatch | null = null
  const keepalive = createHostKeepalive({
    clock,
    profile: () => profile,
    sender: () => sender,
    onChange: (offer) =>
      events.emit('printer:notice', {
        level: 'info',
        message: offer ? `The printer kept the interrupted print (up to line ${offer.line}) and offers to continue it` : 'The printer no longer offers to continue an interrupted print',
      }),
    warn: (message, error) => log.warn(message, { error: error.message }),
  })

  function setState(event: LinkEvent, why: string | null = null): void {
    const next = nextState(state, event)
    if (next === null) return log.debug('state event ignored', { state, event })
    const prev = state
    reason = next === 'error' || next === 'disconnected' ? why : null
    if (next === prev) return
    state = next
    events.emit('printer:state_changed', { prev, next, reason: why })
  }

  const flowMode = (): FlowMode => chooseFlowMode(profile, options.flowMode)

  function record(direction: 'sent' | 'received', line: string): void {
    const entry = { direction, line, at: clock.now() }
    ring.push(entry)
    events.emit('printer:console', entry)
  }

  function setTemperatures(t: Temperatures): void {
    temperatures = t
    events.emit('printer:temperature', t)
    const fault = heaterWatch.reading(clock.now(), t)
    if (fault) onHeaterFault(fault)
  }

  /** The firmware's thermal protection is the first line; this ends the print (or the preheat) when it did not act. */
  function onHeaterFault(fault: HeaterFault): void {
    log.warn('heater watchdog', { heater: fault.heater, kind: fault.kind, message: fault.message })
    record('received', `// printgate heater watchdog: ${fault.message}; heaters off`)
    heaterWatch = createHeaterWatchdog(() => options.heaterWatchdog ?? profile.heaterWatchdog)
    if (job) failJob('HEATER_FAULT', `${fault.message}. The print was stopped and the heaters turned off.`)
    else heatersOff()
  }

  function handleLine(line: string): void {
    record('received', line)
    const reply = parseReply(line)
    sender?.handleReply(reply, line)
    switch (reply.kind) {
      case 'busy':
        prompts.busy(reply.reason, clock.now())
        break
      case 'ok':
        prompts.ok()
        if (reply.temperatures) setTemperatures(reply.temperatures)
        if (reply.position) events.emit('printer:position', (position = reply.position))
        if (firmware && !firmware.advancedOk && reply.bufferFree !== null) firmware.advancedOk = true
        break
      case 'temperature':
        setTemperatures(reply.temperatures)
        break
      case 'position':
        events.emit('printer:position', (position = reply.position))
        break
      case 'start':
        if (state === 'operational' || state === 'printing' || state === 'paused') onFirmwareReset()
        break
      case 'error':
        if (reply.severity === 'fatal') onFatal(reply.message)
        else if (reply.severity === 'job' && job) failJob('GCODE_INVALID', `The firmware refused a command: ${reply.message}`)
        else if (reply.severity === 'ignorable' || reply.severity === 'other') events.emit('printer:notice', { level: 'warning', message: reply.message })
        break
      case 'action':
        if (keepalive.action(reply.action)) break
        if (!prompts.action(reply.action, reply.argument, clock.now())) onHostAction(reply.action, reply.argument)
        break
      case 'echo':
        if (profile.fatalPatterns.some((pattern) => line.includes(pattern))) onFatal(line)
        break
    }
  }

  function onHostAction(action: string, argument: string): void {
    const run = (what: Promise<void>) => what.catch((error) => log.warn('host action failed', { action, error }))
    if (action === 'pause' && state === 'printing') void run(service.pause())
    else if (action === 'resume' && state === 'paused') void run(service.resume())
    else if (action === 'cancel' && job) void run(service.cancel())
    else events.emit('printer:notice', { level: 'info', message: `//action:${action}${argument ? ' ' + argument : ''}` })
  }

  function heatersOff(): void {
    try {
      sender?.writeUrgent('M104 S0')
      sender?.writeUrgent('M140 S0')
    } catch {
      // The port is gone; nothing more can be done from here.
    }
  }

  function onFatal(message: string): void {
    sender?.abort(new GatewayError('FIRMWARE_FATAL', message))
    heatersOff()
    setState('fatal', `Firmware error: ${message}`)
    job?.end('failed', 'FIRMWARE_FATAL', message)
    stopTimers()
  }

  function failJob(code: ErrorCode, why: string): void {
    const running = job
    if (!running) return
    sender?.abort(new GatewayError(code, why))
    running.end('failed', code, why)
    void safeAfterFailure()
  }

  async function safeAfterFailure(): Promise<void> {
    const s = sender
    if (!s) return
    try {
      await s.resetLineNumbers()
      const vars = { z_lift: profile.park.zLift, park_x: profile.park.x, park_y: profile.park.y }
      for (const line of renderScript(profile.scripts.cancel, vars)) quietly(s.enqueue(line))
    } catch (error) {
      log.warn('could not run the cancel script after a failure', { error })
    }
  }

  function onSenderFailure(code: ErrorCode, why: string): void {
    log.warn('link failure', { code, reason: why })
    if (code === 'PRINTER_TIMEOUT') {
      sender?.abort(new GatewayError(code, why))
      heatersOff()
      setState('failed', why)
      job?.end('failed', code, why)
      stopTimers()
    } else failJob(code, why)
  }

  function onFirmwareReset(): void {
    const why = 'The printer reset itself (it printed "start")'
    sender?.abort(new GatewayError('PRINTER_RESET', why))
    setState('firmware_reset', why)
    job?.end('interrupted', 'PRINTER_RESET', why)
    void handshakeAndSetup().catch((error) => log.warn('handshake after reset failed', { error }))
  }

  function onLost(why: string): void {
    log.warn('serial link lost', { reason: why })
    stopTimers()
    sender?.abort(new GatewayError('PRINTER_DISCONNECTED', why))
    const path = transport?.path
    transport = null
    setState('link_lost', `Link lost: ${why}`)
    job?.end('interrupted', 'PRINTER_DISCONNECTED', `Link lost: ${why}`)
    if (options.reconnect && path) {
      // A simulated device "exists" while its binding lists it; a real one while its /dev path exists.
      const listed = async (p: string) => (await (await deps.resolveBinding(p)).list()).some((info) => info.path === p)
      deviceWatch = waitForDevice(path, { clock, ...(isSimPath(path) ? { exists: listed } : {}), ...(options.reconnectPollMs ? { intervalMs: options.reconnectPollMs } : {}) })
      void deviceWatch.appeared.then(() =>
        service.connect({ port: path }).catch((error) => log.warn('reconnect failed', { error }))
      )
    }
  }

  function stopTimers(): void {
    watchdog.stop()
    poll.stop()
    heaterWatch = createHeaterWatchdog(() => options.heaterWatchdog ?? profile.heaterWatchdog)
    prompts.clear()
    keepalive.stop()
  }

  async function handshakeAndSetup(handshakeMs?: number): Promise<void> {
    const s = sender as LinkSender
    const result = await runHandshake({
      sender: s,
      clock,
      profiles: deps.profiles,
      configuredProfile: options.profile,
      handshakeMs: handshakeMs ?? profile.timeouts.handshakeMs,
      ...(handshakeMs ? { attemptMs: Math.min(2000, Math.max(200, handshakeMs / 3)) } : {}),
    })
    profile = result.profile
    firmware = { name: result.name, version: result.version, profile: profile.id, capabilities: result.capabilities, advancedOk: false }
    log.info('printer connected', { firmware: result.name, profile: profile.id, flowMode: flowMode() })
    setState('handshake_done')
    quietly(s.enqueue('M105'))
    if (result.capabilities.AUTOREPORT_TEMP && profile.autoreport.temperature) quietly(s.enqueue(profile.autoreport.temperature))
    else poll.start()
    for (const line of profile.scripts.afterConnect) quietly(s.enqueue(line))
    keepalive.start()
  }

  /** Opens the port at one baud rate and runs the handshake; leaves the link closed when that fails. */
  async function openLink(path: string, baudRate: number, handshakeMs?: number): Promise<void> {
    setState('connect')
    const link = createLineTransport({ binding: await deps.resolveBinding(path), path, baudRate })
    link.onLine(handleLine)
    link.onLost(onLost)
    try {
      await link.open()
    } catch (error) {
      setState('failed', (error as Error).message)
      throw error
    }
    transport = link
    sender = createLinkSender({
      clock,
      write: (wire) => {
        record('sent', wire)
        link.writeLine(wire)
      },
      profile: () => profile,
      numbered: () => profile.checksum !== 'never',
      flowMode,
      pullJobLine: () => job?.pullLine() ?? null,
      onJobLineConfirmed: (line, n) => job?.confirmed(line, n),
      onFailure: onSenderFailure,
      onNotice: (message) => events.emit('printer:notice', { level: 'warning', message }),
      ...(options.sender ? { options: options.sender } : {}),
    })
    watchdog.start()
    setState('opened')
    try {
      await handshakeAndSetup(handshakeMs)
    } catch (error) {
      const why = (error as Error).message
      setState('failed', why)
      stopTimers()
      transport = null
      sender = null
      await link.close()
      throw error instanceof GatewayError ? error : new GatewayError('PRINTER_CONNECT_FAILED', why, { cause: error })
    }
  }

  const requireLink = () => {
    if (!sender || !(state === 'operational' || state === 'printing' || state === 'paused'))
      throw new GatewayError(state === 'error' && reason?.startsWith('Emergency') ? 'EMERGENCY_STOPPED' : 'PRINTER_NOT_CONNECTED', reason ?? undefined)
    return sender
  }

  const jobControls = createJobControls({
    clock,
    events,
    options,
    state: () => state,
    setState: (event) => setState(event),
    profile: () => profile,
    temperatures: () => temperatures,
    capabilities: () => firmware?.capabilities ?? {},
    requireLink,
    sender: () => sender,
    job: () => job,
    setJob: (next) => (job = next),
    warn: (message, error) => log.warn(message, { error: error.message }),
    firmwareRecovery: () => keepalive.offer(),
    clearFirmwareRecovery: () => keepalive.clear(),
  })

  const service: PrinterEngine = {
    events,
    sender: () => sender,
    status(): PrinterStatus {
      const stats = sender?.stats
      return {
        state,
        reason,
        firmware,
        flowMode: sender?.effectiveMode() ?? flowMode(),
        temperatures,
        position,
        link: {
          port: transport?.path ?? null,
          baud: transport?.baudRate ?? null,
          linesSent: stats?.linesSent ?? 0,
          bytesSent: stats?.bytesSent ?? 0,
          resends: stats?.resends ?? 0,
          timeouts: stats?.timeouts ?? 0,
          checksumErrors: stats?.checksumErrors ?? 0,
        },
        job: job?.progress() ?? null,
        prompt: prompts.current,
        firmwareRecovery: keepalive.offer(),
      }
    },
    async connect(connectOptions = {}) {
      if (state !== 'disconnected' && state !== 'error') throw new GatewayError('PRINTER_BUSY', `The printer link is ${state}`)
      if (state === 'error') await service.disconnect()
      deviceWatch?.cancel()
      const path = connectOptions.port ?? options.defaultPort
      if (connectOptions.profile) options.profile = connectOptions.profile
      profile = (options.profile && deps.profiles.get(options.profile)) || fallbackProfile
      // An explicit baud is tried alone; otherwise the default first, then (autoBaud) the profile's list.
      const rates = connectOptions.baud
        ? [connectOptions.baud]
        : baudCandidates(options.defaultBaud, options.autoBaud ? profile.baudRates : [])
      const probeMs = rates.length > 1 ? (options.baudProbeMs ?? 5000) : undefined
      let lastError: unknown
      for (const baudRate of rates) {
        try {
          return await openLink(path, baudRate, probeMs)
        } catch (error) {
          lastError = error
          const retryable = isGatewayError(error, 'PRINTER_CONNECT_FAILED') || isGatewayError(error, 'PRINTER_TIMEOUT')
          if (!retryable) throw error
          log.info('no answer at this baud rate', { path, baudRate })
        }
      }
      throw lastError
    },
    async disconnect() {
      deviceWatch?.cancel()
      stopTimers()
      const link = transport
      transport = null
      sender?.abort(new GatewayError('PRINTER_NOT_CONNECTED', 'Disconnected'))
      setState('disconnect', 'Disconnected by request')
      job?.end('interrupted', 'PRINTER_DISCONNECTED', 'Disconnected by request')
      sender = null
      await link?.close()
    },
    ...jobControls,
    async emergencyStop() {
      if (!sender || !transport) throw new GatewayError('PRINTER_NOT_CONNECTED')
      sender.writeUrgent(profile.emergency.stop)
      sender.abort(new GatewayError('EMERGENCY_STOPPED'))
      for (const line of profile.scripts.afterEmergency) sender.writeUrgent(line)
      stopTimers()
      setState('emergency_stop', 'Emergency stop: reconnect to reset the printer')
      job?.end('cancelled', 'EMERGENCY_STOPPED', 'Emergency stop')
    },
    async sendCommand(line) {
      const command = prepareLine(line)
      if (command === null) return []
      if (isEmergencyCommand(command) && command.startsWith('M112')) {
        await service.emergencyStop()
        return []
      }
      const s = requireLink()
      const tooHot = heaterLimitProblem(command, profile.temperatureLimits)
      if (tooHot) throw new GatewayError('VALIDATION_FAILED', tooHot)
      if (isEmergencyCommand(command)) {
        s.writeUrgent(command)
        return []
      }
      // Console commands wait their turn behind a print's lines, and only so many may wait (a flood is refused, not queued).
      if (consolePending >= MAX_PENDING_CONSOLE) throw new GatewayError('RATE_LIMITED', `${MAX_PENDING_CONSOLE} console commands are already waiting for the printer`)
      consolePending++
      return s.enqueue(command, { barrier: true, yieldToJob: true }).finally(() => consolePending--)
    },
    recentConsole: () => ring.toArray(),
    listPorts: () => listPortChoices(deps.profiles),
    async shutdown() {
      if (job && sender) {
        const cancelled = job.cancel().catch(() => undefined)
        let timer: TimerHandle | undefined
        await Promise.race([cancelled, new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, 5000)))])
        clock.clearTimeout(timer)
      }
      await service.disconnect()
    },
  }
  return service
}
