// sd_notify for Type=notify units: READY=1, STATUS=, STOPPING=1, and WATCHDOG=1 fed only while healthy.
import { createSystemClock, type Clock, type TimerHandle } from '../core/clock.js'
import { createNotifyTransport, type NotifyTransport } from './notify-transport.js'

export interface SystemdNotifier {
  /** `READY=1`: the gateway listens and has finished starting. */
  ready(): Promise<void>
  status(text: string): Promise<void>
  /** `STOPPING=1`: a clean shutdown has begun. */
  stopping(): Promise<void>
  /** Starts feeding the watchdog (every WATCHDOG_USEC / 2) while `isHealthy()` holds. */
  start(): void
  /** Stops the watchdog timer and closes the socket. */
  stop(): void
  /** Whether systemd is listening at all; false makes every call a no-op. */
  readonly enabled: boolean
  /** Milliseconds between watchdog checks, or null when systemd set no watchdog for us. */
  readonly watchdogIntervalMs: number | null
}

export interface SystemdNotifierOptions {
  socketPath?: string | undefined
  watchdogUsec?: string | number | undefined
  /** systemd sets WATCHDOG_PID; when it names another process the watchdog is not ours. */
  watchdogPid?: string | undefined
  clock?: Clock
  isHealthy?: () => boolean | Promise<boolean>
  /** Tests inject a transport; by default the socket path picks one. */
  transport?: NotifyTransport
  /** Told once each time feeding stops or resumes, so the gateway can log it. */
  onHealthChange?: (healthy: boolean) => void
  onSendError?: (error: unknown) => void
}

/** WATCHDOG_USEC as milliseconds between pings (half the timeout), or null when absent/invalid. */
export function watchdogIntervalFromUsec(watchdogUsec: string | number | undefined): number | null {
  if (watchdogUsec === undefined || watchdogUsec === '') return null
  const usec = Number(watchdogUsec)
  if (!Number.isFinite(usec) || usec <= 0) return null
  return Math.max(1, Math.floor(usec / 2000))
}

/**
 * @example
 * const notifier = createSystemdNotifier({ isHealthy: allOf(eventLoopResponsive(monitor, 5000), linkCheck) })
 * notifier.start(); server.listen(…, () => notifier.ready())
 */
export function createSystemdNotifier(options: SystemdNotifierOptions = {}): SystemdNotifier {
  const {
    socketPath = process.env.NOTIFY_SOCKET,
    watchdogUsec = process.env.WATCHDOG_USEC,
    watchdogPid = process.env.WATCHDOG_PID,
    clock = createSystemClock(),
    isHealthy = () => true,
    onHealthChange = () => {},
    onSendError = () => {},
  } = options
  const enabled = Boolean(socketPath)
  const watchdogOurs = watchdogPid === undefined || watchdogPid === '' || watchdogPid === String(process.pid)
  const interval = enabled && watchdogOurs ? watchdogIntervalFromUsec(watchdogUsec) : null
  let transport: NotifyTransport | undefined = options.transport
  let timer: TimerHandle | undefined
  let running = false
  let lastHealthy = true

  const send = async (message: string): Promise<void> => {
    if (!enabled || !socketPath) return
    transport ??= createNotifyTransport(socketPath)
    try {
      await transport.send(message)
    } catch (error) {
      onSendError(error)
    }
  }

  const tick = async () => {
    let healthy = false
    try {
      healthy = await isHealthy()
    } catch {
      healthy = false
    }
    if (!running) return
    if (healthy !== lastHealthy) {
      lastHealthy = healthy
      onHealthChange(healthy)
    }
    if (healthy) await send('WATCHDOG=1')
    if (running && interval !== null) timer = clock.setTimeout(() => void tick(), interval)
  }

  return {
    enabled,
    watchdogIntervalMs: interval,
    ready: () => send('READY=1'),
    status: (text) => send(`STATUS=${text.replace(/\n/g, ' ')}`),
    stopping: () => send('STOPPING=1'),
    start() {
      if (running || interval === null) return
      running = true
      timer = clock.setTimeout(() => void tick(), interval)
    },
    stop() {
      running = false
      clock.clearTimeout(timer)
      timer = undefined
      transport?.close()
      transport = options.transport
    },
  }
}
