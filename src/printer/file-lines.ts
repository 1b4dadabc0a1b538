// Reads a file as a stream of raw lines (never whole), with each line's end byte offset.

import { open } from 'node:fs/promises'

export interface RawLine {
  /** 1-based line number in the file. */
  lineNumber: number
  raw: string
  /** Byte offset just after this line's newline. */
  byteEnd: number
}

export interface FileLineReader {
  /** Resolves when the file ended; rejects on a read error. */
  readonly finished: Promise<void>
  pause(): void
  resume(): void
  close(): void
}

const NEWLINE = 0x0a

/**
 * Streams `path` in chunks and calls `onLine` synchronously for each line. `pause()` stops reading
 * after the current chunk, so a consumer can bound how far it reads ahead.
 */
/**
 * With `skipComments`, comment lines that cannot be layer markers (`;LAYER…`, `;Z:`, `; layer n, Z = …`) are
 * counted but not decoded, so long thumbnail and config blocks cost no string allocations.
 */
export function readFileLines(path: string, onLine: (line: RawLine) => void, options: { chunkBytes?: number; skipComments?: boolean } = {}): FileLineReader {
  const chunkBytes = options.chunkBytes ?? 64 * 1024
  const skipComments = options.skipComments ?? false
  let carry: Buffer | null = null
  let lineNumber = 0
  let offset = 0
  let closed = false
  let paused = false
  let wakeReader: (() => void) | null = null

  const emit = (data: Buffer, start: number, stop: number, end: number) => {
    lineNumber++
    if (skipComments && isPlainComment(data, start, stop)) return
    onLine({ lineNumber, raw: data.toString('utf8', start, stop), byteEnd: end })
  }

  const consume = (data: Buffer) => {
    const chunkStart = offset
    offset += data.length
    let start = 0
    for (let i = data.indexOf(NEWLINE); i !== -1 && !closed; i = data.indexOf(NEWLINE, start)) {
      if (carry) {
        const joined = Buffer.concat([carry, data.subarray(start, i)])
        emit(joined, 0, joined.length, chunkStart + i + 1)
        carry = null
      } else emit(data, start, i, chunkStart + i + 1)
      start = i + 1
    }
    // The read buffer is reused, so a partial line is copied out.
    if (start < data.length && !closed) carry = carry ? Buffer.concat([carry, data.subarray(start)]) : Buffer.from(data.subarray(start))
  }

  // One reused buffer: reading 200 MB allocates no new chunk memory, so RSS stays flat.
  const finished = (async () => {
    const handle = await open(path, 'r')
    try {
      const buffer = Buffer.allocUnsafe(chunkBytes)
      while (!closed) {
        if (paused) await new Promise<void>((resolve) => (wakeReader = resolve))
        if (closed) break
        const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null)
        if (bytesRead === 0) break
        consume(buffer.subarray(0, bytesRead))
      }
      const rest = carry as Buffer | null
      if (!closed && rest && rest.length > 0) emit(rest, 0, rest.length, offset)
      carry = null
    } finally {
      await handle.close()
    }
  })()

  const wake = () => {
    const fn = wakeReader
    wakeReader = null
    fn?.()
  }

  return {
    finished,
    pause: () => {
      paused = true
    },
    resume: () => {
      paused = false
      wake()
    },
    close: () => {
      closed = true
      wake()
    },
  }
}

const SEMICOLON = 0x3b
const MARKER_STARTS = new Set([0x4c /* L */, 0x5a /* Z */, 0x20 /* space: "; layer 2, Z = …" */, 0x6c /* l */])

/** A `;` comment line that cannot be a layer marker. */
function isPlainComment(data: Buffer, start: number, stop: number): boolean {
  let i = start
  while (i < stop && (data[i] === 0x20 || data[i] === 0x09)) i++
  if (data[i] !== SEMICOLON) return false
  const next = data[i + 1]
  if (next === undefined || i + 1 >= stop) return true
  if (!MARKER_STARTS.has(next)) return true
  // "; padding …" style lines: a marker after "; " must be "; layer"
  return next === 0x20 && data[i + 2] !== 0x6c && data[i + 2] !== 0x4c
}
