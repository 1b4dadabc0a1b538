// Marlin's emergency parser: spots M108, M112, M410 and M876 S<n> in the received bytes as they arrive.

export type EmergencyCode = 'M108' | 'M112' | 'M410' | 'M876'

export interface EmergencyCommand {
  code: EmergencyCode
  /** The S value of M876 (the prompt button chosen). */
  value: number | null
}

export interface EmergencyParser {
  /** Feeds one received byte; returns the command when a line holding one just ended. */
  push(byte: number): EmergencyCommand | null
  clear(): void
}

const MAX_SCAN = 24
const PATTERN = /^\s*(?:N\d+\s*)?(M108|M112|M410|M876)(?![0-9])(?:\s*S(\d+))?/

/** Works on every byte that reaches the UART, even ones the full receive buffer then drops. */
export function createEmergencyParser(): EmergencyParser {
  let chars: number[] = []
  return {
    push(byte) {
      if (byte === 0x0a || byte === 0x0d) {
        const line = String.fromCharCode(...chars)
        chars = []
        const m = PATTERN.exec(line)
        if (!m) return null
        const code = m[1] as EmergencyCode
        if (code === 'M876' && m[2] === undefined) return null
        return { code, value: m[2] === undefined ? null : Number(m[2]) }
      }
      if (chars.length < MAX_SCAN) chars.push(byte)
      return null
    },
    clear() {
      chars = []
    },
  }
}
