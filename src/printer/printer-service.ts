// The printer link façade: wires the connection, job controls, console, failures and status, and routes each reply
// beyond flow control (readings, prompts, firmware errors, host actions).

import type { TimerHandle } from '../core/clock.js'
import { GatewayError } from '../core/errors.js'
import { createEmitter } from '../core/events.js'
import { parseReply, type Reply } from '../protocol/reply.js'
import { createHostPromptTracker } from './host-prompt.js'
import { createHostKeepalive } from './host-keepalive.js'
import { listPortChoices } from './ports.js'
import { createRepeatingTimer } from './repeating-timer.js'
import type { PrinterEngine, PrinterServiceDeps } from './service-options.js'
import { createJobControls } from './job-controls.js'
import { createLinkState } from './link-state.js'
import { createLinkFailures } from './link-failures.js'
import { createPrinterConnection } from './printer-connection.js'
import { createPrinterConsole } from './printer-console.js'
import { createPrinterReadings } from './printer-readings.js'
import { printerStatus } from './printer-status.js'
import { createHeaterWatchdog, type HeaterFault } from './heater-watchdog.js'
import type { PrinterEvents } from './types.js'

export type { PrinterEngine, PrinterServiceDeps, PrinterServiceOptions } from './service-options.js'

export function createPrinterService(deps: PrinterServiceDeps): PrinterEngine {
  const { clock, options } = deps
  const log = deps.logger.child({ component: 'printer' })
  const events = createEmitter<PrinterEvents>((event, error) => log.error('event handler failed', { event, error }))
  const state = createLinkState({
    onChange: (change) => events.emit('printer:state_changed', change),
    onIgnored: (current, event) => log.debug('state event ignored', { state: current, event }),
  })
  const newHeaterWatch = () => createHeaterWatchdog(() => options.heaterWatchdog ?? connection.profile().heaterWatchdog)
  const readings = createPrinterReadings(events, (t) => {
    const fault = heaterWatch.reading(clock.now(), t)
    if (fault) onHeaterFault(fault)
  })
  const warn = (message: string, error: Error): void => log.warn(message, { error: error.message })
  const prompts = createHostPromptTracker((prompt) => events.emit('printer:prompt', prompt))
  const watchdog = createRepeatingTimer(clock, options.watchdogMs ?? 100, () => {
    connection.sender()?.tick()
    const fault = heaterWatch.check(clock.now())
    if (fault) onHeaterFault(fault)
  })
  // M105 polling for firmware without autoreport; one poll at a time, queued between job lines.
  let pollOutstanding = false
  const poll = createRepeatingTimer(clock, options.pollIntervalMs ?? 2000, () => {
    const sender = connection.sender()
    if (!sender || pollOutstanding || (state.current !== 'operational' && state.current !== 'printing')) return
    pollOutstanding = true
    const done = () => void (pollOutstanding = false)
    sender.enqueue('M105').then(done, done)
  })

  function stopTimers(): void {
    watchdog.stop()
    poll.stop()
    heaterWatch = newHeaterWatch()
    prompts.clear()
    keepalive.stop()
  }

  const connection = createPrinterConnection({
    clock,
    log,
    options,
    profiles: deps.profiles,
    resolveBinding: deps.resolveBinding,
    state,
    onLine: handleLine,
    onSent: (wire) => printerConsole.record('sent', wire),
    feed: {
      pullJobLine: () => jobs.current()?.pullLine() ?? null,
      onJobLineConfirmed: (line, n) => jobs.current()?.confirmed(line, n),
      onFailure: (code, why) => failures.senderFailed(code, why),
      onNotice: (message) => events.emit('printer:notice', { level: 'warning', message }),
    },
    session: {
      opened: () => watchdog.start(),
      ready(autoreport) {
        if (!autoreport) poll.start()
        keepalive.start()
      },
      stop: stopTimers,
    },
    onGone: (code, why) => jobs.current()?.end('interrupted', code, why),
  })
  let heaterWatch = newHeaterWatch()
  const keepalive = createHostKeepalive({
    clock,
    link: connection,
    onChange: (offer) =>
      events.emit('printer:notice', {
        level: 'info',
        message: offer
          ? `The printer kept the interrupted print (up to line ${offer.line}) and offers to continue it`
          : 'The printer no longer offers to continue an interrupted print',
      }),
    warn,
  })
  const jobs = createJobControls({
    clock,
    events,
    options,
    state,
    link: connection,
    readings,
    firmwareRecovery: keepalive,
    warn,
  })
  const failures = createLinkFailures({ log, state, connection, jobs, stopSession: stopTimers })
  const printerConsole = createPrinterConsole({ clock, events, ringSize: options.consoleRing, link: connection, emergencyStop: () => service.emergencyStop() })

  function handleLine(line: string): void {
    printerConsole.record('received', line)
    const reply = parseReply(line)
    connection.sender()?.handleReply(reply, line)
    routeReply(reply, line)
  }

  /** What a reply means beyond flow control: readings, prompts, firmware errors, host actions. */
  function routeReply(reply: Reply, line: string): void {
    switch (reply.kind) {
      case 'busy':
        return prompts.busy(reply.reason, clock.now())
      case 'ok':
        prompts.ok()
        if (reply.temperatures) readings.setTemperatures(reply.temperatures)
        if (reply.position) readings.setPosition(reply.position)
        if (reply.bufferFree !== null) connection.sawAdvancedOk()
        return
      case 'temperature':
        return readings.setTemperatures(reply.temperatures)
      case 'position':
        return readings.setPosition(reply.position)
      case 'start':
        if (state.isUp()) connection.firmwareReset()
        return
      case 'error':
        if (reply.severity === 'fatal') failures.fatal(reply.message)
        else if (reply.severity === 'job' && jobs.current()) failures.failJob('GCODE_INVALID', `The firmware refused a command: ${reply.message}`)
        else if (reply.severity === 'ignorable' || reply.severity === 'other') events.emit('printer:notice', { level: 'warning', message: reply.message })
        return
      case 'action':
        if (keepalive.action(reply.action)) return
        if (!prompts.action(reply.action, reply.argument, clock.now())) onHostAction(reply.action, reply.argument)
        return
      case 'echo':
        if (connection.profile().fatalPatterns.some((pattern) => line.includes(pattern))) failures.fatal(line)
        return
    }
  }

  function onHostAction(action: string, argument: string): void {
    const run = (what: Promise<void>) => what.catch((error) => log.warn('host action failed', { action, error }))
    if (action === 'pause' && state.current === 'printing') void run(jobs.pause())
    else if (action === 'resume' && state.current === 'paused') void run(jobs.resume())
    else if (action === 'cancel' && jobs.current()) void run(jobs.cancel())
    else events.emit('printer:notice', { level: 'info', message: `//action:${action}${argument ? ' ' + argument : ''}` })
  }

  /** The firmware's thermal protection is the first line; this ends the print (or the preheat) when it did not act. */
  function onHeaterFault(fault: HeaterFault): void {
    log.warn('heater watchdog', { heater: fault.heater, kind: fault.kind, message: fault.message })
    printerConsole.record('received', `// printgate heater watchdog: ${fault.message}; heaters off`)
    heaterWatch = newHeaterWatch()
    failures.heaterFault(fault.message)
  }

  const service: PrinterEngine = {
    events,
    sender: connection.sender,
    status: () => printerStatus({ state, connection, readings, job: jobs.current(), prompt: prompts.current, firmwareRecovery: keepalive.offer() }),
    connect: connection.connect,
    disconnect: connection.disconnect,
    startPrint: jobs.startPrint,
    pause: jobs.pause,
    resume: jobs.resume,
    cancel: jobs.cancel,
    async emergencyStop() {
      const sender = connection.sender()
      if (!sender || !connection.port()) throw new GatewayError('PRINTER_NOT_CONNECTED')
      const profile = connection.profile()
      sender.writeUrgent(profile.emergency.stop)
      sender.abort(new GatewayError('EMERGENCY_STOPPED'))
      for (const line of profile.scripts.afterEmergency) sender.writeUrgent(line)
      stopTimers()
      state.apply('emergency_stop', 'Emergency stop: reconnect to reset the printer')
      jobs.current()?.end('cancelled', 'EMERGENCY_STOPPED', 'Emergency stop')
    },
    sendCommand: printerConsole.send,
    recentConsole: printerConsole.recent,
    listPorts: () => listPortChoices(deps.profiles),
    async shutdown() {
      const running = jobs.current()
      if (running && connection.sender()) {
        const cancelled = running.cancel().catch(() => undefined)
        let timer: TimerHandle | undefined
        await Promise.race([cancelled, new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, 5000)))])
        clock.clearTimeout(timer)
      }
      await connection.disconnect()
    },
  }
  return service
}
