// A bounded ring of recent console lines (sent and received); old lines are overwritten, never shifted.

import type { ConsoleLine } from './types.js'

export interface ConsoleRing {
  push(line: ConsoleLine): void
  /** Oldest first. */
  toArray(): ConsoleLine[]
}

/** A capacity of 0 keeps nothing (the engine: the gateway's proxy keeps the console). */
export function createConsoleRing(capacity = 500): ConsoleRing {
  if (capacity <= 0) return { push: () => undefined, toArray: () => [] }
  const slots: (ConsoleLine | undefined)[] = new Array(capacity)
  let next = 0
  let size = 0
  return {
    push(line) {
      slots[next] = line
      next = (next + 1) % capacity
      if (size < capacity) size++
    },
    toArray() {
      const out: ConsoleLine[] = []
      for (let i = 0; i < size; i++) out.push(slots[(next - size + i + capacity) % capacity] as ConsoleLine)
      return out
    },
  }
}
