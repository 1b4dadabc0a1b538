// The status view of one printer: link state, firmware, readings, link counters, the running print, an open prompt.
import type { PrinterConnection } from './printer-connection.js'
import type { LinkState } from './link-state.js'
import type { PrinterReadings } from './printer-readings.js'
import type { PrintJob } from './print-job.js'
import type { FirmwareRecoveryOffer, HostPrompt, PrinterStatus } from './types.js'

export interface StatusParts {
  state: Pick<LinkState, 'current' | 'reason'>
  connection: Pick<PrinterConnection, 'sender' | 'firmware' | 'flowMode' | 'port'>
  readings: Pick<PrinterReadings, 'temperatures' | 'position'>
  job: PrintJob | null
  prompt: HostPrompt | null
  firmwareRecovery: FirmwareRecoveryOffer | null
}

export function printerStatus(parts: StatusParts): PrinterStatus {
  const { connection } = parts
  const sender = connection.sender()
  const stats = sender?.stats
  const port = connection.port()
  return {
    state: parts.state.current,
    reason: parts.state.reason,
    firmware: connection.firmware(),
    flowMode: sender?.effectiveMode() ?? connection.flowMode(),
    temperatures: parts.readings.temperatures(),
    position: parts.readings.position(),
    link: {
      port: port?.path ?? null,
      baud: port?.baud ?? null,
      linesSent: stats?.linesSent ?? 0,
      bytesSent: stats?.bytesSent ?? 0,
      resends: stats?.resends ?? 0,
      timeouts: stats?.timeouts ?? 0,
      checksumErrors: stats?.checksumErrors ?? 0,
      longestSendGapMs: stats?.longestSendGapMs ?? 0,
    },
    job: parts.job?.progress() ?? null,
    prompt: parts.prompt,
    firmwareRecovery: parts.firmwareRecovery,
  }
}
