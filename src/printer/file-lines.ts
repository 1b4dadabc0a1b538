// Reads a file as a stream of raw lines (never whole), with each line's end byte offset.

import { createReadStream, type ReadStream } from 'node:fs'

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
export function readFileLines(path: string, onLine: (line: RawLine) => void, chunkBytes = 64 * 1024): FileLineReader {
  const stream: ReadStream = createReadStream(path, { highWaterMark: chunkBytes })
  let carry: Buffer | null = null
  let lineNumber = 0
  let offset = 0

  const emit = (bytes: Buffer, end: number) => {
    lineNumber++
    onLine({ lineNumber, raw: bytes.toString('utf8'), byteEnd: end })
  }

  const finished = new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer | string) => {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      const chunkStart = offset
      offset += data.length
      let start = 0
      for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, start)) {
        const piece = data.subarray(start, i)
        emit(carry ? Buffer.concat([carry, piece]) : piece, chunkStart + i + 1)
        carry = null
        start = i + 1
      }
      if (start < data.length) {
        const rest = data.subarray(start)
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest)
      }
    })
    stream.on('end', () => {
      if (carry && carry.length > 0) emit(carry, offset)
      carry = null
      resolve()
    })
    stream.on('error', reject)
    stream.on('close', () => resolve())
  })

  return {
    finished,
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    close: () => stream.destroy(),
  }
}
