// The connection lifecycle: open the port at one of the baud rates, make the sender, handshake and set the link up;
// close it on request, notice it lost (and reopen it when the device comes back), handshake again after a reset.

import type { Clock } from '../core/clock.js'
import { GatewayError, isGatewayError, type ErrorCode } from '../core/errors.js'
import type { Logger } from '../core/logger.js'
import { GENERIC_PROFILE_ID } from '../profiles/load.js'
import type { FirmwareProfile } from '../profiles/schema.js'
import { baudCandidates } from '../serial/discovery.js'
import { isSimPath, type BindingResolver } from '../serial/resolve-binding.js'
import { createLineTransport, type LineTransport } from '../serial/transport.js'
import { waitForDevice, type DeviceWatch } from '../serial/wait-for-device.js'
import { chooseFlowMode } from './flow-mode.js'
import { runHandshake } from './handshake.js'
import type { KeepaliveLink } from './host-keepalive.js'
import type { JobLink } from './job-controls.js'
import { createLinkSender, type LinkSender, type SenderDeps } from './link-sender.js'
import type { LinkState } from './link-state.js'
import type { PrinterServiceOptions } from './service-options.js'
import type { ConnectOptions, FirmwareInfo, FlowMode } from './types.js'

/** Starts a command nobody waits for; its rejection (link lost, aborted) is expected and dropped. */
export const quietly = (promise: Promise<unknown>): void => void promise.catch(() => undefined)

export interface ConnectionDeps {
  clock: Clock
  log: Logger
  options: PrinterServiceOptions
  profiles: Map<string, FirmwareProfile>
  resolveBinding: BindingResolver
  state: LinkState
  /** Every line the firmware sends. */
  onLine(line: string): void
  /** Every line written to the port. */
  onSent(wire: string): void
  /** The sender's job feed, failures and notices (see SenderDeps). */
  feed: Pick<SenderDeps, 'pullJobLine' | 'onJobLineConfirmed' | 'onFailure' | 'onNotice'>
  /** What runs while the port is open: started when it opens, set up after the handshake, stopped when the link goes. */
  session: { opened(): void; ready(autoreport: boolean): void; stop(): void }
  /** The link went (lost, reset, closed): a running print ends interrupted with this code. */
  onGone(code: ErrorCode, why: string): void
}

export type PrinterConnection = ReturnType<typeof createPrinterConnection>

export function createPrinterConnection(deps: ConnectionDeps) {
  const { clock, log, options, state } = deps
  const fallbackProfile = deps.profiles.get(GENERIC_PROFILE_ID) ?? ([...deps.profiles.values()][0] as FirmwareProfile)
  const configuredProfile = (): FirmwareProfile => (options.profile && deps.profiles.get(options.profile)) || fallbackProfile
  let profile = configuredProfile()
  let transport: LineTransport | null = null
  let sender: LinkSender | null = null
  let firmware: FirmwareInfo | null = null
  let deviceWatch: DeviceWatch | null = null

  const flowMode = (): FlowMode => chooseFlowMode(profile, options.flowMode)

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
    state.apply('handshake_done')
    quietly(s.enqueue('M105'))
    const autoreport = result.capabilities.AUTOREPORT_TEMP ? profile.autoreport.temperature : null
    if (autoreport) quietly(s.enqueue(autoreport))
    for (const line of profile.scripts.afterConnect) quietly(s.enqueue(line))
    deps.session.ready(Boolean(autoreport))
  }

  function createSender(link: LineTransport): LinkSender {
    return createLinkSender({
      clock,
      write: (wire) => {
        deps.onSent(wire)
        link.writeLine(wire)
      },
      profile: () => profile,
      numbered: () => profile.checksum !== 'never',
      flowMode,
      ...deps.feed,
      ...(options.sender ? { options: options.sender } : {}),
    })
  }

  /** Opens the port at one baud rate and runs the handshake; leaves the link closed when that fails. */
  async function openLink(path: string, baudRate: number, handshakeMs?: number): Promise<void> {
    state.apply('connect')
    const link = createLineTransport({ binding: await deps.resolveBinding(path), path, baudRate })
    link.onLine(deps.onLine)
    link.onLost(onLost)
    try {
      await link.open()
    } catch (error) {
      state.apply('failed', (error as Error).message)
      throw error
    }
    transport = link
    sender = createSender(link)
    deps.session.opened()
    state.apply('opened')
    try {
      await handshakeAndSetup(handshakeMs)
    } catch (error) {
      const why = (error as Error).message
      state.apply('failed', why)
      deps.session.stop()
      transport = null
      sender = null
      await link.close()
      throw error instanceof GatewayError ? error : new GatewayError('PRINTER_CONNECT_FAILED', why, { cause: error })
    }
  }

  function onLost(why: string): void {
    log.warn('serial link lost', { reason: why })
    deps.session.stop()
    sender?.abort(new GatewayError('PRINTER_DISCONNECTED', why))
    const path = transport?.path
    transport = null
    state.apply('link_lost', `Link lost: ${why}`)
    deps.onGone('PRINTER_DISCONNECTED', `Link lost: ${why}`)
    if (options.reconnect && path) {
      // A simulated device "exists" while its binding lists it; a real one while its /dev path exists.
      const listed = async (p: string) => (await (await deps.resolveBinding(p)).list()).some((info) => info.path === p)
      deviceWatch = waitForDevice(path, {
        clock,
        ...(isSimPath(path) ? { exists: listed } : {}),
        ...(options.reconnectPollMs ? { intervalMs: options.reconnectPollMs } : {}),
      })
      void deviceWatch.appeared.then(() => connection.connect({ port: path }).catch((error) => log.warn('reconnect failed', { error })))
    }
  }

  const connection = {
    profile: () => profile,
    firmware: () => firmware,
    sender: () => sender,
    flowMode,
    /** The open port, or null. */
    port: () => (transport ? { path: transport.path, baud: transport.baudRate } : null),
    capabilities: () => firmware?.capabilities ?? {},
    requireSender(): LinkSender {
      if (!sender || !state.isUp()) throw state.downError()
      return sender
    },
    owns: (s: LinkSender) => s === sender,
    /** An ok carried ADVANCED_OK's buffer counts. */
    sawAdvancedOk(): void {
      if (firmware) firmware.advancedOk = true
    },
    async connect(connectOptions: ConnectOptions = {}): Promise<void> {
      if (state.current !== 'disconnected' && state.current !== 'error') throw new GatewayError('PRINTER_BUSY', `The printer link is ${state.current}`)
      if (state.current === 'error') await connection.disconnect()
      deviceWatch?.cancel()
      const path = connectOptions.port ?? options.defaultPort
      if (connectOptions.profile) options.profile = connectOptions.profile
      profile = configuredProfile()
      // An explicit baud is tried alone; otherwise the default first, then (autoBaud) the profile's list.
      const rates = connectOptions.baud ? [connectOptions.baud] : baudCandidates(options.defaultBaud, options.autoBaud ? profile.baudRates : [])
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
    async disconnect(): Promise<void> {
      deviceWatch?.cancel()
      deps.session.stop()
      const link = transport
      transport = null
      sender?.abort(new GatewayError('PRINTER_NOT_CONNECTED', 'Disconnected'))
      state.apply('disconnect', 'Disconnected by request')
      deps.onGone('PRINTER_DISCONNECTED', 'Disconnected by request')
      sender = null
      await link?.close()
    },
    /** The firmware printed `start` while the link was up: what was queued is gone; handshake again. */
    firmwareReset(): void {
      const why = 'The printer reset itself (it printed "start")'
      sender?.abort(new GatewayError('PRINTER_RESET', why))
      state.apply('firmware_reset', why)
      deps.onGone('PRINTER_RESET', why)
      void handshakeAndSetup().catch((error) => log.warn('handshake after reset failed', { error }))
    },
  } satisfies JobLink & KeepaliveLink & Record<string, unknown>
  return connection
}
