// Marlin's emergency parser: spots M108, M112 and M410 in the received bytes as they arrive.

export type EmergencyCommand = 'M108' | 'M112' | 'M410'

export interface EmergencyParser {
  /** Feeds one received byte; returns the command when a line holding one just ended. */
  push(byte: number): EmergencyCommand | null
  clear(): void
}

const MAX_SCAN = 24
const PATTERN = /^\s*(?:N\d+\s*)?(M108|M112|M410)(?![0-9])/

/** Works on every byte that reaches the UART, even ones the full receive buffer then drops. */
export function createEmergencyParser(): EmergencyParser {
  let chars: number[] = []
  return {
    push(byte) {
      if (byte === 0x0a || byte === 0x0d) {
        const line = String.fromCharCode(...chars)
        chars = []
        const m = PATTERN.exec(line)
        return m ? (m[1] as EmergencyCommand) : null
      }
      if (chars.length < MAX_SCAN) chars.push(byte)
      return null
    },
    clear() {
      chars = []
    },
  }
}
