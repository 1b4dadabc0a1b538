// The MJPEG multipart parser: any chunking, with and without Content-Length, junk and oversized parts.
import { describe, expect, it } from 'vitest'
import { boundaryOf, createMjpegParser, MAX_FRAME_BYTES } from './mjpeg-parser.js'

const jpeg = (n: number, size = 50) => Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(size, n), Buffer.from([0xff, 0xd9])])
const part = (body: Buffer, withLength = true, boundary = 'frame') =>
  Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: image/jpeg\r\n${withLength ? `Content-Length: ${body.length}\r\n` : ''}X-Timestamp: 1.0\r\n\r\n`),
    body,
    Buffer.from('\r\n'),
  ])

function parseAll(stream: Buffer, chunkSize: number, boundary = 'frame') {
  const frames: Buffer[] = []
  const parser = createMjpegParser(boundary, (f) => frames.push(f))
  for (let i = 0; i < stream.length; i += chunkSize) parser.push(stream.subarray(i, i + chunkSize))
  return { frames, dropped: parser.dropped }
}

describe('boundaryOf', () => {
  it('reads plain, quoted and dash-prefixed boundaries', () => {
    expect(boundaryOf('multipart/x-mixed-replace;boundary=boundarydonotcross')).toBe('boundarydonotcross')
    expect(boundaryOf('multipart/x-mixed-replace; boundary="ffmpeg"')).toBe('ffmpeg')
    expect(boundaryOf('multipart/x-mixed-replace;boundary=--frame')).toBe('frame')
    expect(boundaryOf('image/jpeg')).toBeNull()
    expect(boundaryOf(undefined)).toBeNull()
  })
})

describe('createMjpegParser', () => {
  const frames = [jpeg(1), jpeg(2, 3000), jpeg(3, 1)]
  for (const withLength of [true, false]) {
    it(`returns every frame whole for every chunk size (${withLength ? 'Content-Length' : 'boundary scan'})`, () => {
      // the last part needs a following delimiter when there is no length
      const stream = Buffer.concat([...frames.map((f) => part(f, withLength)), Buffer.from('--frame\r\n')])
      for (const size of [1, 2, 3, 7, 64, 1000, stream.length]) {
        const out = parseAll(stream, size)
        expect(
          out.frames.map((f) => f.toString('hex')),
          `chunk ${size}`,
        ).toEqual(frames.map((f) => f.toString('hex')))
      }
    })
  }

  it('starts mid-stream: skips the partial part it joined in', () => {
    const stream = Buffer.concat(frames.map((f) => part(f)))
    const out = parseAll(stream.subarray(20), 13)
    expect(out.frames.map((f) => f[2])).toEqual([2, 3])
  })

  it('drops parts that are not JPEG and keeps going', () => {
    const stream = Buffer.concat([part(Buffer.from('not a picture')), part(jpeg(9))])
    const out = parseAll(stream, 5)
    expect(out.frames.map((f) => f[2])).toEqual([9])
    expect(out.dropped).toBe(1)
  })

  it('refuses an announced length above the cap without allocating it', () => {
    const huge = Buffer.from(`--frame\r\nContent-Length: ${MAX_FRAME_BYTES + 1}\r\n\r\n`)
    const out = parseAll(Buffer.concat([huge, part(jpeg(4))]), 100)
    expect(out.dropped).toBe(1)
    expect(out.frames.map((f) => f[2])).toEqual([4])
  })

  it('accepts LF-only header endings', () => {
    const body = jpeg(5)
    const stream = Buffer.concat([Buffer.from(`--frame\nContent-Length: ${body.length}\n\n`), body, Buffer.from('\n')])
    expect(parseAll(stream, 4).frames.map((f) => f[2])).toEqual([5])
  })
})
