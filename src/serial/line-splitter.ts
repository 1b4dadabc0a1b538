// Splits raw serial bytes into text lines: UTF-8 with latin-1 fallback, NULs and CR stripped, garbage capped.

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d
const NUL = 0x00
const utf8 = new TextDecoder('utf-8', { fatal: true })

export interface LineSplitter {
  /** Feeds one chunk; calls onLine for every complete line in it. Never throws on any byte sequence. */
  push(chunk: Uint8Array): void
  /** Drops a partial line (after a reconnect). */
  reset(): void
}

/** Decodes one line's bytes: strict UTF-8 first, latin-1 when that fails. */
export function decodeLineBytes(bytes: Uint8Array): string {
  let ascii = true
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) > 0x7f) {
      ascii = false
      break
    }
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  try {
    return utf8.decode(bytes)
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  }
}

/**
 * A byte-level line splitter. A line longer than `maxLineBytes` is cut there and delivered
 * (so a stream of garbage without newlines cannot grow memory without bound).
 */
export function createLineSplitter(onLine: (line: string) => void, maxLineBytes = 4096): LineSplitter {
  const pending = Buffer.alloc(maxLineBytes)
  let length = 0

  const flush = () => {
    if (length === 0) return
    const text = decodeLineBytes(pending.subarray(0, length))
    length = 0
    onLine(text)
  }

  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i] as number
        if (byte === NEWLINE) {
          flush()
        } else if (byte !== CARRIAGE_RETURN && byte !== NUL) {
          pending[length++] = byte
          if (length === maxLineBytes) flush()
        }
      }
    },
    reset() {
      length = 0
    },
  }
}
