// The 1-based file line that ends at a byte offset: turns a confirmed byte count back into a line number.

import { open } from 'node:fs/promises'

/** Counts the lines in the first `offset` bytes of `path` (a last line without newline counts); 0 when unreadable. */
export async function lineAtOffset(path: string, offset: number): Promise<number> {
  if (offset <= 0) return 0
  let handle
  try {
    handle = await open(path, 'r')
  } catch {
    return 0
  }
  try {
    const chunk = Buffer.alloc(1 << 20)
    let position = 0
    let lines = 0
    let lastByte = 0x0a
    while (position < offset) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, offset - position), position)
      if (bytesRead === 0) break
      for (let i = 0; i < bytesRead; i++) if (chunk[i] === 0x0a) lines++
      lastByte = chunk[bytesRead - 1] as number
      position += bytesRead
    }
    return lastByte === 0x0a ? lines : lines + 1
  } finally {
    await handle.close()
  }
}
