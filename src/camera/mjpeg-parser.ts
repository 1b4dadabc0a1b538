// Splits a multipart/x-mixed-replace MJPEG byte stream into whole JPEG frames, in bounded memory.

/** The largest frame accepted; anything bigger is dropped and the parser looks for the next part. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024
const MAX_HEADER_BYTES = 4096
const CRLF2 = Buffer.from('\r\n\r\n')
const LF2 = Buffer.from('\n\n')

export interface MjpegParser {
  push(chunk: Buffer): void
  /** Parts that were not a JPEG or were too large. */
  readonly dropped: number
}

/** The boundary named in a `multipart/x-mixed-replace; boundary=…` content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const match = /boundary="?([^";,]+)"?/i.exec(contentType ?? '')
  if (!match?.[1]) return null
  // Some streamers put the leading dashes into the parameter; the delimiter is what follows them.
  return match[1].trim().replace(/^--/, '')
}

function isJpeg(frame: Buffer): boolean {
  return frame.length > 3 && frame[0] === 0xff && frame[1] === 0xd8
}

/**
 * Streaming parser: finds `--boundary`, reads the part headers, then either `Content-Length` bytes
 * or (without a length) everything up to the next delimiter. Works from any starting byte.
 */
export function createMjpegParser(boundary: string, onFrame: (jpeg: Buffer) => void): MjpegParser {
  const delimiter = Buffer.from(`--${boundary}`)
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`)
  let pending: Buffer = Buffer.alloc(0)
  let state: 'seek' | 'headers' | 'body' | 'scan' = 'seek'
  let body: Buffer | null = null
  let filled = 0
  let dropped = 0

  const emit = (frame: Buffer) => (isJpeg(frame) ? onFrame(frame) : dropped++)

  function step(): boolean {
    if (state === 'seek') {
      const at = pending.indexOf(delimiter)
      if (at < 0) {
        pending = pending.subarray(Math.max(0, pending.length - delimiter.length))
        return false
      }
      pending = pending.subarray(at + delimiter.length)
      state = 'headers'
      return true
    }
    if (state === 'headers') {
      let end = pending.indexOf(CRLF2)
      let sepLength = 4
      const lf = pending.indexOf(LF2)
      if (lf >= 0 && (end < 0 || lf < end)) [end, sepLength] = [lf, 2]
      if (end < 0) {
        if (pending.length > MAX_HEADER_BYTES) ((state = 'seek'), dropped++)
        return pending.length > MAX_HEADER_BYTES
      }
      const headers = pending.subarray(0, end).toString('latin1')
      pending = pending.subarray(end + sepLength)
      const length = /content-length:\s*(\d+)/i.exec(headers)
      if (length) {
        const size = Number(length[1])
        if (size > MAX_FRAME_BYTES) {
          dropped++
          state = 'seek'
          return true
        }
        body = Buffer.allocUnsafe(size)
        filled = 0
        state = 'body'
      } else state = 'scan'
      return true
    }
    if (state === 'body') {
      const target = body!
      const take = Math.min(target.length - filled, pending.length)
      pending.copy(target, filled, 0, take)
      filled += take
      pending = pending.subarray(take)
      if (filled < target.length) return false
      body = null
      state = 'seek'
      emit(target)
      return true
    }
    const at = pending.indexOf(nextDelimiter)
    if (at < 0) {
      if (pending.length > MAX_FRAME_BYTES) ((pending = Buffer.alloc(0)), (state = 'seek'), dropped++)
      return false
    }
    emit(Buffer.from(pending.subarray(0, at)))
    pending = pending.subarray(at + 2)
    state = 'seek'
    return true
  }

  return {
    push(chunk) {
      if (state === 'body' && pending.length === 0) pending = chunk
      else pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
      while (step()) {
        /* each step consumes input or changes state */
      }
      // A finished scan of a long body leaves a small tail; never keep a view onto a large old chunk.
      if (pending.length && pending.length < 256 && pending.byteOffset > 0) pending = Buffer.from(pending)
    },
    get dropped() {
      return dropped
    },
  }
}
