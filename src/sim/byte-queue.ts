// A fixed-capacity FIFO of bytes (the UART receive ring).

export interface ByteQueue {
  push(byte: number): void
  /** Oldest byte; call only when length > 0. */
  shift(): number
  clear(): void
  readonly length: number
  readonly full: boolean
}

export function createByteQueue(capacity: number): ByteQueue {
  const bytes = new Uint8Array(capacity)
  let head = 0
  let size = 0
  return {
    push(byte) {
      if (size >= capacity) throw new RangeError('byte queue full')
      bytes[(head + size) % capacity] = byte
      size++
    },
    shift() {
      const byte = bytes[head] ?? 0
      head = (head + 1) % capacity
      size--
      return byte
    },
    clear() {
      head = 0
      size = 0
    },
    get length() {
      return size
    },
    get full() {
      return size >= capacity
    },
  }
}
