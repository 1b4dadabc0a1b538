// What state the printer is in, in a sentence, when it cannot print: disconnected, emergency-stopped, failed.

/** A sentence for a printer that is not ready, or null when it is connected and fine. */
export function printerSituation(printer) {
  const state = printer?.state
  const reason = typeof printer?.reason === 'string' && printer.reason ? printer.reason : null
  if (state === 'disconnected') return `The printer is not connected${reason ? ` (${reason})` : ''}.`
  if (state === 'connecting' || state === 'handshake') return 'Connecting to the printer…'
  if (state !== 'error') return null
  if (reason && /emergency/i.test(reason)) {
    return 'Stopped by the emergency stop: the firmware halted, heaters and motors are off, and it takes no commands until it is reconnected.'
  }
  return `The printer stopped with an error${reason ? `: ${reason}` : ''}. It takes no commands until it is reconnected; check it first.`
}

/** Motion and state-changing commands that should not run in the middle of a print without asking. */
const MOTION = /^(G0|G1|G2|G3|G28|G29|G30|G32|G34|G92|M17|M18|M84|M410|M999)\b/i

export function isMotionCommand(line) {
  return MOTION.test(
    String(line)
      .trim()
      .replace(/^N\d+\s+/i, ''),
  )
}
